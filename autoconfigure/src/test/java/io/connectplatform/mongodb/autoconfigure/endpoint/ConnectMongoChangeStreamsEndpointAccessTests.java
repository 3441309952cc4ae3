package io.connectplatform.mongodb.autoconfigure.endpoint;

import java.util.Collection;
import java.util.List;

import io.connectplatform.mongodb.autoconfigure.ConnectMongoAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.changestream.ConnectMongoChangeStreamsAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.embedded.ConnectMongoEmbeddedAutoConfiguration;
import io.connectplatform.mongodb.autoconfigure.template.ConnectMongoTemplatesAutoConfiguration;
import io.connectplatform.mongodb.endpoint.ChangeStreamsEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationFilter;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.ParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the access of the {@code changestreams} endpoint, over a container on the
 * embedded server: Boot's web endpoint discovery, with the access filter that Boot's
 * endpoint auto-configuration resolves from the properties (the filter the web endpoint
 * auto-configuration applies; this module has no servlet API to start it), maps its
 * operations. Its write operation (stop, start, restart) is not mapped unless the access is
 * raised. The sample shows the same over HTTP.
 *
 * @author Connect MongoDB team
 */
class ConnectMongoChangeStreamsEndpointAccessTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnectMongoEmbeddedAutoConfiguration.class,
				ConnectMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				ConnectMongoTemplatesAutoConfiguration.class, ConnectMongoChangeStreamsAutoConfiguration.class,
				ConnectMongoChangeStreamsEndpointAutoConfiguration.class, EndpointAutoConfiguration.class))
		.withPropertyValues("connect.mongodb.embedded.enabled=true", "connect.mongodb.embedded.port=0",
				"spring.mongodb.database=shop", "connect.mongodb.change-streams.token-store=memory",
				"management.endpoints.web.exposure.include=changestreams")
		// Lower-case enum values, such as access=unrestricted, as a SpringApplication reads them
		.withInitializer((context) -> context.getEnvironment()
			.setConversionService(new ApplicationConversionService()));

	@Test
	void onlyTheReadOperationsAreMappedByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChangeStreamsEndpoint.class);
			assertThat(operationTypes(context)).isNotEmpty().containsOnly(OperationType.READ);
		});
	}

	@Test
	void theWriteOperationIsMappedWhenTheAccessIsUnrestricted() {
		this.contextRunner.withPropertyValues("management.endpoint.changestreams.access=unrestricted")
			.run((context) -> assertThat(operationTypes(context)).contains(OperationType.READ, OperationType.WRITE));
	}

	@Test
	void aDefaultAccessForEveryEndpointAlsoRaisesIt() {
		this.contextRunner.withPropertyValues("management.endpoints.access.default=unrestricted")
			.run((context) -> assertThat(operationTypes(context)).contains(OperationType.WRITE));
	}

	@Test
	void noAccessRemovesTheEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoint.changestreams.access=none")
			.run((context) -> assertThat(context).doesNotHaveBean(ChangeStreamsEndpoint.class));
	}

	private static Collection<OperationType> operationTypes(AssertableApplicationContext context) {
		OperationFilter<WebOperation> byAccess = OperationFilter
			.byAccess(context.getBean(EndpointAccessResolver.class));
		WebEndpointDiscoverer discoverer = new WebEndpointDiscoverer(context, context.getBean(ParameterValueMapper.class),
				EndpointMediaTypes.DEFAULT, List.of(), List.of(), List.of(), List.of(), List.of(byAccess));
		ExposableWebEndpoint endpoint = discoverer.getEndpoints()
			.stream()
			.filter((candidate) -> candidate.getEndpointId().equals(EndpointId.of("changestreams")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No web endpoint 'changestreams'"));
		return endpoint.getOperations().stream().map(WebOperation::getType).toList();
	}

}
