package io.connectplatform.mongodb.autoconfigure;

import org.assertj.core.api.ThrowableAssertAlternative;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts a whole application with every auto-configuration, without a web server or a
 * banner, and asserts that start-up fails: the failure analyzers run as they do for a user.
 *
 * @author Connect MongoDB team
 */
public final class StartupFailures {

	private StartupFailures() {
	}

	/**
	 * Run an application with the given arguments and assert that it fails to start.
	 * @param args the command-line arguments
	 * @return assertions on the failure
	 */
	public static ThrowableAssertAlternative<Exception> assertStartupFails(String... args) {
		SpringApplication application = new SpringApplication(TestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] arguments = new String[args.length + 1];
		System.arraycopy(args, 0, arguments, 0, args.length);
		arguments[args.length] = "--spring.main.banner-mode=off";
		return assertThatException().isThrownBy(() -> {
			try (ConfigurableApplicationContext context = application.run(arguments)) {
				// closed if it unexpectedly starts
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
