package io.connectplatform.mongodb.aot;

import io.connectplatform.mongodb.core.AsyncCollectionOperations;
import io.connectplatform.mongodb.core.CollectionRepository;
import io.connectplatform.mongodb.core.CollectionTemplate;
import org.bson.codecs.pojo.annotations.BsonId;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link CollectionEntityBeanRegistrationAotProcessor}.
 *
 * @author Connect MongoDB team
 */
class CollectionEntityBeanRegistrationAotProcessorTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private final CollectionEntityBeanRegistrationAotProcessor processor = new CollectionEntityBeanRegistrationAotProcessor();

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class).asList())
			.hasAtLeastOneElementOfType(CollectionEntityBeanRegistrationAotProcessor.class);
	}

	@Test
	void templateBeanRegistersItsEntityType() {
		RuntimeHints hints = process(ResolvableType.forClassWithGenerics(CollectionTemplate.class, Parcel.class));
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Parcel.class, "label")).accepts(hints);
	}

	@Test
	void asyncOperationsBeanRegistersItsEntityType() {
		RuntimeHints hints = process(
				ResolvableType.forClassWithGenerics(AsyncCollectionOperations.class, Parcel.class));
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Parcel.class, "label")).accepts(hints);
	}

	@Test
	void repositoryBeanAndSubclassRegisterTheirEntityType() {
		RuntimeHints hints = process(
				ResolvableType.forClassWithGenerics(CollectionRepository.class, Parcel.class, String.class));
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Parcel.class, "label")).accepts(hints);
		RuntimeHints subclassHints = process(ResolvableType.forClass(ParcelRepository.class));
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Parcel.class, "label"))
			.accepts(subclassHints);
	}

	@Test
	void otherBeansAndUnresolvedEntityTypesContributeNothing() {
		assertThat(contribution(ResolvableType.forClass(String.class))).isNull();
		assertThat(contribution(ResolvableType.forClass(CollectionTemplate.class))).isNull();
	}

	private RuntimeHints process(ResolvableType beanType) {
		BeanRegistrationAotContribution contribution = contribution(beanType);
		assertThat(contribution).isNotNull();
		TestGenerationContext generationContext = new TestGenerationContext();
		contribution.applyTo(generationContext, mock(BeanRegistrationCode.class));
		return generationContext.getRuntimeHints();
	}

	private BeanRegistrationAotContribution contribution(ResolvableType beanType) {
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setTargetType(beanType);
		this.beanFactory.registerBeanDefinition("bean", definition);
		return this.processor.processAheadOfTime(RegisteredBean.of(this.beanFactory, "bean"));
	}

	public record Parcel(@BsonId String id, String label) {

	}

	static class ParcelRepository extends CollectionRepository<Parcel, String> {

		ParcelRepository() {
			super(null);
		}

	}

}
