package io.connectplatform.mongodb.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small REST service on the Connect MongoDB starter.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Start the service.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
