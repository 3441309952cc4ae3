package io.connectplatform.mongodb.springdata;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.ClientSessionOptions;
import com.mongodb.client.ClientSession;
import io.connectplatform.mongodb.transaction.MongoClientTransactionManager;
import io.connectplatform.mongodb.transaction.TransactionSessionParticipant;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.transaction.support.ResourceHolderSupport;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes Spring Data's {@code MongoTemplate}, and the repositories and GridFS built on its
 * {@link MongoDatabaseFactory}, join the transactions of a
 * {@link MongoClientTransactionManager}: for each transaction, binds the transaction's
 * session in a Spring Data {@code MongoResourceHolder} under every
 * {@code MongoDatabaseFactory} bean on the manager's client, where Spring Data's
 * {@code MongoDatabaseUtils} looks for it. Spring Data then runs its operations in that
 * session, and starts neither a session nor a transaction of its own.
 * <p>
 * Why this and not Spring Data's {@code MongoTransactionManager} as the one manager: ours
 * sends an {@code UnknownTransactionCommitResult} commit again, translates errors the way
 * the templates do, applies {@code connect.mongodb.transactions.*} and the metrics, and
 * {@code MongoTransactions} retries bodies on {@code TransientTransactionError} with it;
 * Spring Data's manager does none of that. A factory on another client is left alone: a
 * session cannot be used with another client.
 * <p>
 * The factories are looked up at the first transaction, once, when every bean exists.
 *
 * @author Connect MongoDB team
 */
public final class SpringDataTransactionParticipant implements TransactionSessionParticipant {

	private final ObjectProvider<MongoDatabaseFactory> factoryBeans;

	private final SpringDataResourceHolders holders;

	private volatile @Nullable List<MongoDatabaseFactory> factories;

	/**
	 * Create a participant for the {@link MongoDatabaseFactory} beans of an application.
	 * @param factories the factories
	 * @throws IllegalStateException if the version of Spring Data MongoDB on the class path
	 * has no {@code MongoResourceHolder} to bind
	 */
	public SpringDataTransactionParticipant(ObjectProvider<MongoDatabaseFactory> factories) {
		if (factories == null) {
			throw new IllegalArgumentException("factories must not be null");
		}
		this.factoryBeans = factories;
		this.holders = SpringDataResourceHolders.load(MongoDatabaseFactory.class.getClassLoader());
	}

	@Override
	public ParticipantBinding bind(ClientSession session) {
		List<FactoryBinding> bindings = new ArrayList<>();
		for (MongoDatabaseFactory factory : factories(session)) {
			ResourceHolderSupport holder = this.holders.create(session, factory);
			holder.setSynchronizedWithTransaction(true);
			FactoryBinding binding = new FactoryBinding(factory, holder,
					TransactionSynchronizationManager.unbindResourceIfPossible(factory));
			TransactionSynchronizationManager.bindResource(factory, holder);
			bindings.add(binding);
		}
		return new Bindings(List.copyOf(bindings));
	}

	/**
	 * Return the factories on the client of the session, finding them the first time.
	 */
	private List<MongoDatabaseFactory> factories(ClientSession session) {
		List<MongoDatabaseFactory> factories = this.factories;
		if (factories == null) {
			factories = this.factoryBeans.orderedStream().filter((factory) -> isOnClientOf(factory, session)).toList();
			this.factories = factories;
		}
		return factories;
	}

	/**
	 * Whether a factory uses the client that started the session: the only public way to ask
	 * a {@code MongoDatabaseFactory} for its client is a session of its own.
	 */
	private static boolean isOnClientOf(MongoDatabaseFactory factory, ClientSession session) {
		try (ClientSession probe = factory.getSession(ClientSessionOptions.builder().build())) {
			return probe.getOriginator() == session.getOriginator();
		}
	}

	/**
	 * The holders bound under the factories for one transaction.
	 */
	private record Bindings(List<FactoryBinding> bindings) implements ParticipantBinding {

		@Override
		public void unbind() {
			for (int i = this.bindings.size() - 1; i >= 0; i--) {
				this.bindings.get(i).unbind();
			}
		}

		@Override
		public void rebind() {
			this.bindings.forEach(FactoryBinding::rebind);
		}

	}

	/**
	 * Our holder under one factory, and what was bound there before (another manager's
	 * transaction on the same factory, suspended while ours runs).
	 */
	private record FactoryBinding(MongoDatabaseFactory factory, ResourceHolderSupport holder,
			@Nullable Object previous) {

		void unbind() {
			TransactionSynchronizationManager.unbindResourceIfPossible(this.factory);
			if (this.previous != null) {
				TransactionSynchronizationManager.bindResource(this.factory, this.previous);
			}
		}

		void rebind() {
			TransactionSynchronizationManager.unbindResourceIfPossible(this.factory);
			TransactionSynchronizationManager.bindResource(this.factory, this.holder);
		}

	}

}
