package io.connectplatform.mongodb.autoconfigure.jackson;

import java.math.BigDecimal;

import io.connectplatform.mongodb.jackson.BsonValuesJacksonModule;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ConnectMongoJacksonAutoConfiguration} with Boot's
 * {@link JacksonAutoConfiguration}: the {@code JsonMapper} Boot builds writes and reads
 * {@code ObjectId} and {@code Decimal128} as strings, unless switched off.
 *
 * @author Connect MongoDB team
 */
class ConnectMongoJacksonAutoConfigurationTests {

	private static final ObjectId ID = new ObjectId("65a1b2c3d4e5f60718293a4b");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ConnectMongoJacksonAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void bootsJsonMapperWritesObjectIdAndDecimal128AsStrings() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(BsonValuesJacksonModule.class).hasBean("connectMongoJacksonModule");
			JsonMapper mapper = context.getBean(JsonMapper.class);
			String json = mapper.writeValueAsString(new Order(ID, new Decimal128(new BigDecimal("12.50"))));
			assertThat(json).isEqualTo("{\"id\":\"65a1b2c3d4e5f60718293a4b\",\"total\":\"12.50\"}");
		});
	}

	@Test
	void bootsJsonMapperReadsThemBackExactly() {
		this.contextRunner.run((context) -> {
			JsonMapper mapper = context.getBean(JsonMapper.class);
			Order order = new Order(ID, Decimal128.parse("-0.000100"));
			assertThat(mapper.readValue(mapper.writeValueAsString(order), Order.class)).isEqualTo(order);
			assertThat(mapper.readValue("{\"id\":\" 65a1b2c3d4e5f60718293a4b \",\"total\":12.50}", Order.class))
				.isEqualTo(new Order(ID, Decimal128.parse("12.50")));
		});
	}

	@Test
	void badObjectIdFailsNamingTheValueAndWhatIsExpected() {
		this.contextRunner.run((context) -> {
			JsonMapper mapper = context.getBean(JsonMapper.class);
			assertThatExceptionOfType(InvalidFormatException.class)
				.isThrownBy(() -> mapper.readValue("{\"id\":\"65a1b2c3-not-hex\",\"total\":\"1\"}", Order.class))
				.withMessageContaining("65a1b2c3-not-hex")
				.withMessageContaining("24 hexadecimal digits");
			assertThatExceptionOfType(MismatchedInputException.class)
				.isThrownBy(() -> mapper.readValue("{\"id\":42,\"total\":\"1\"}", Order.class))
				.withMessageContaining("ObjectId");
		});
	}

	@Test
	void badDecimal128FailsNamingTheValueAndWhatIsExpected() {
		this.contextRunner.run((context) -> {
			JsonMapper mapper = context.getBean(JsonMapper.class);
			assertThatExceptionOfType(InvalidFormatException.class)
				.isThrownBy(() -> mapper.readValue("{\"id\":null,\"total\":\"twelve\"}", Order.class))
				.withMessageContaining("twelve")
				.withMessageContaining("34 significant digits");
			assertThatExceptionOfType(InvalidFormatException.class)
				.isThrownBy(() -> mapper.readValue("{\"total\":1.00000000000000000000000000000000001}", Order.class))
				.withMessageContaining("34 significant digits");
		});
	}

	@Test
	void switchedOffTheMapperKeepsJacksonsDefault() {
		this.contextRunner.withPropertyValues("connect.mongodb.jackson.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(BsonValuesJacksonModule.class);
			String json = context.getBean(JsonMapper.class).writeValueAsString(new Order(ID, null));
			assertThat(json).doesNotContain("\"65a1b2c3d4e5f60718293a4b\"").contains("timestamp");
		});
	}

	@Test
	void withoutJacksonThereIsNoModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> assertThat(context).doesNotHaveBean(BsonValuesJacksonModule.class));
	}

	@Test
	void aModuleOfTheApplicationReplacesOurs() {
		this.contextRunner.withUserConfiguration(OwnModuleConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BsonValuesJacksonModule.class).doesNotHaveBean("connectMongoJacksonModule");
			assertThat(context.getBeansOfType(JacksonModule.class)).containsKey("ownModule");
		});
	}

	record Order(ObjectId id, Decimal128 total) {
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnModuleConfiguration {

		@Bean
		BsonValuesJacksonModule ownModule() {
			return new BsonValuesJacksonModule();
		}

	}

}
