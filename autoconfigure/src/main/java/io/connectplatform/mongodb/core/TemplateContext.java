package io.connectplatform.mongodb.core;

import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import io.connectplatform.mongodb.core.validation.MongoValidator;
import org.bson.codecs.configuration.CodecRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What every template of one {@link MongoTemplates} shares.
 *
 * @param database the database, with the shared codec registry
 * @param codecRegistry the shared codec registry
 * @param validator the input validator
 * @param translator the exception translator
 * @param sessions the lookup of the current transaction's session
 * @param maxDocumentSize the server's maximum document size
 * @param asyncExecutor the executor of async operations, or {@code null} for none
 * @author Connect MongoDB team
 */
record TemplateContext(MongoDatabase database, CodecRegistry codecRegistry, MongoValidator validator,
		MongoExceptionTranslator translator, MongoSessionLookup sessions, IntSupplier maxDocumentSize,
		@Nullable Executor asyncExecutor) {

	@Nullable ClientSession session() {
		return this.sessions.currentSession();
	}

}
