package io.connectplatform.mongodb.autoconfigure.embedded;

import java.util.List;

import io.connectplatform.mongodb.autoconfigure.ConnectMongoProperties;
import io.connectplatform.mongodb.autoconfigure.InvalidMongoPropertyException;
import io.connectplatform.mongodb.embedded.EmbeddedMongoServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every auto-configuration of Connect MongoDB starts without the in-memory
 * server ({@code connect-mongodb-embedded}, an optional dependency) on the class path,
 * and that enabling the server then fails naming the artifact to add.
 *
 * @author Connect MongoDB team
 */
class WithoutEmbeddedServerTests {

	private static final FilteredClassLoader WITHOUT_SERVER = new FilteredClassLoader(
			"io.connectplatform.mongodb.embedded", "de.bwaldvogel.mongo");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withClassLoader(WITHOUT_SERVER)
		.withConfiguration(AutoConfigurations.of(ourAutoConfigurations()))
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class));

	@Test
	void theFilterHidesTheServer() {
		assertThat(ClassUtils.isPresent(ConnectMongoEmbeddedAutoConfiguration.SERVER_CLASS, WITHOUT_SERVER)).isFalse();
		assertThat(ClassUtils.isPresent(EmbeddedMongoServer.class.getName(), WITHOUT_SERVER)).isFalse();
		assertThat(ClassUtils.isPresent(ConnectMongoProperties.class.getName(), WITHOUT_SERVER)).isTrue();
	}

	@Test
	void everyAutoConfigurationStartsAndBindsTheEmbeddedPropertiesWhenTheServerIsOff() {
		this.contextRunner
			.withPropertyValues("connect.mongodb.embedded.topology=sharded", "connect.mongodb.embedded.servers=2",
					"connect.mongodb.embedded.transaction-lifetime=5s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(EmbeddedMongoConnectionDetails.class);
				ConnectMongoProperties.Embedded embedded = context.getBean(ConnectMongoProperties.class).getEmbedded();
				assertThat(embedded.getTopology()).isEqualTo(ConnectMongoProperties.Embedded.Topology.SHARDED);
				assertThat(embedded.getServers()).isEqualTo(2);
			});
	}

	@Test
	void enablingTheServerFailsNamingTheArtifactToAdd() {
		this.contextRunner.withPropertyValues("connect.mongodb.embedded.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidMongoPropertyException.class);
			InvalidMongoPropertyException failure = (InvalidMongoPropertyException) rootCause(
					context.getStartupFailure());
			assertThat(failure.getProperty()).isEqualTo("connect.mongodb.embedded.enabled");
			assertThat(failure.getMessage()).contains("io.connectplatform:connect-mongodb-embedded");
			assertThat(failure.getAction()).contains("io.connectplatform:connect-mongodb-embedded");
		});
	}

	private static Class<?>[] ourAutoConfigurations() {
		ClassLoader classLoader = WithoutEmbeddedServerTests.class.getClassLoader();
		List<String> names = ImportCandidates.load(AutoConfiguration.class, classLoader)
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.connectplatform.mongodb."))
			.toList();
		assertThat(names).contains(ConnectMongoEmbeddedAutoConfiguration.class.getName());
		return names.stream().map((name) -> ClassUtils.resolveClassName(name, null)).toArray(Class<?>[]::new);
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
