package io.connectplatform.mongodb.autoconfigure.jackson;

import io.connectplatform.mongodb.jackson.BsonValuesJacksonModule;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link BsonValuesJacksonModule}
 * when Jackson 3 is on the class path: Boot's {@code JacksonAutoConfiguration} registers
 * every {@code JacksonModule} bean with the {@code JsonMapper} it builds, so
 * {@code ObjectId} and {@code Decimal128} are written and read as strings.
 * {@code connect.mongodb.jackson.enabled=false} switches it off; a
 * {@code BsonValuesJacksonModule} bean of the application's own replaces it.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(name = { "tools.jackson.databind.json.JsonMapper", "org.bson.types.ObjectId" })
@ConditionalOnBooleanProperty(name = "connect.mongodb.jackson.enabled", matchIfMissing = true)
public final class ConnectMongoJacksonAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BsonValuesJacksonModule connectMongoJacksonModule() {
		return new BsonValuesJacksonModule();
	}

}
