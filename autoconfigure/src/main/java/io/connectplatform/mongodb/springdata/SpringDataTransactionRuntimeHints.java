package io.connectplatform.mongodb.springdata;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The reflection that {@link SpringDataTransactionParticipant} needs in a native image: the
 * package-private constructor of Spring Data's {@code MongoResourceHolder}.
 *
 * @author Connect MongoDB team
 */
public final class SpringDataTransactionRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerTypeIfPresent(classLoader, SpringDataResourceHolders.HOLDER_CLASS,
					MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
	}

}
