package io.connectplatform.mongodb.benchmarks.bootalone;

import com.mongodb.ConnectionString;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * The sample application's counterpart on Spring Boot's own MongoDB module alone: Spring
 * MVC, Actuator (the same endpoints exposed), Spring Data's web support and the same
 * in-memory server, started in the context as the sample starts it, and no Connect MongoDB.
 * {@code benchmarks/startup} starts it and the sample in turn and compares the "Started … in"
 * times.
 *
 * @author Connect MongoDB team
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BootAloneApplication {

	@Bean(destroyMethod = "close")
	EmbeddedMongoServer embeddedMongoServer() {
		return EmbeddedMongoServer.start("localhost", 0);
	}

	@Bean
	MongoConnectionDetails mongoConnectionDetails(EmbeddedMongoServer server,
			@Value("${spring.mongodb.database}") String database) {
		ConnectionString connectionString = new ConnectionString(server.getConnectionString() + "/" + database);
		return () -> connectionString;
	}

	public static void main(String[] args) {
		SpringApplication.run(BootAloneApplication.class, args);
	}

}
