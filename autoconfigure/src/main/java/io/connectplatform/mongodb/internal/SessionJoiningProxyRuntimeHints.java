package io.connectplatform.mongodb.internal;

import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The hints {@link SessionJoiningProxy} needs in a native image: a JDK proxy of each
 * interface it proxies, and their public methods, which it looks up (the
 * {@code ClientSession} overloads) and invokes on the proxied target.
 *
 * @author Connect MongoDB team
 */
class SessionJoiningProxyRuntimeHints implements RuntimeHintsRegistrar {

	private static final List<Class<?>> PROXIED_TYPES = List.of(MongoDatabase.class, MongoCollection.class,
			GridFSBucket.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (Class<?> type : PROXIED_TYPES) {
			hints.proxies().registerJdkProxy(type);
			hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
	}

}
