package io.connectplatform.mongodb.core;

import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.core.validation.MongoValidator;
import io.connectplatform.mongodb.internal.SessionBinding;
import org.bson.codecs.configuration.CodecRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What every template of one {@link MongoTemplates} shares.
 *
 * @param database the database, with the shared codec registry
 * @param codecRegistry the shared codec registry
 * @param validator the input validator
 * @param translator the exception translator
 * @param sessions the binding of each operation to the current transaction's session
 * @param maxDocumentSize the server's maximum document size
 * @param asyncExecutor the executor of async operations, or {@code null} for none
 * @author Connect MongoDB team
 */
record TemplateContext(MongoDatabase database, CodecRegistry codecRegistry, MongoValidator validator,
		MongoDriverExceptionTranslator translator, SessionBinding sessions, IntSupplier maxDocumentSize,
		@Nullable Executor asyncExecutor) {
}
