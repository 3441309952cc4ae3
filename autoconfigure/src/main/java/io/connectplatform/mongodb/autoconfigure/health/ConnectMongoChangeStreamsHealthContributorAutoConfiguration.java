package io.connectplatform.mongodb.autoconfigure.health;

import io.connectplatform.mongodb.autoconfigure.changestream.ConnectMongoChangeStreamsAutoConfiguration;
import io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer;
import io.connectplatform.mongodb.health.ChangeStreamsHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the change-stream health
 * contributor ({@code changeStreams}), DOWN when a listener has failed. Switched off with
 * {@code management.health.changestreams.enabled=false}.
 *
 * @author Connect MongoDB team
 */
@AutoConfiguration(after = ConnectMongoChangeStreamsAutoConfiguration.class)
@ConditionalOnClass({ ChangeStreamsHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ChangeStreamListenerContainer.class)
@ConditionalOnEnabledHealthIndicator("changestreams")
public final class ConnectMongoChangeStreamsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "changeStreamsHealthIndicator")
	ChangeStreamsHealthIndicator changeStreamsHealthIndicator(ChangeStreamListenerContainer container) {
		return new ChangeStreamsHealthIndicator(container);
	}

}
