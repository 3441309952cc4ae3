package io.connectplatform.mongodb.autoconfigure.endpoint;

import io.connectplatform.mongodb.autoconfigure.changestream.ConnectMongoChangeStreamsAutoConfiguration;
import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.endpoint.ChangeStreamsEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@code changestreams} actuator
 * endpoint, when it is exposed ({@code management.endpoints.web.exposure.include}).
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(after = ConnectMongoChangeStreamsAutoConfiguration.class)
@ConditionalOnClass({ ChangeStreamsEndpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ChangeStreamListenerContainer.class)
@ConditionalOnAvailableEndpoint(ChangeStreamsEndpoint.class)
public final class ConnectMongoChangeStreamsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ChangeStreamsEndpoint changeStreamsEndpoint(ChangeStreamListenerContainer container) {
		return new ChangeStreamsEndpoint(container);
	}

}
