package io.connectplatform.mongodb.internal;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import io.connectplatform.mongodb.core.MongoSessionLookup;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.util.Assert;

/**
 * The one place where templates, repositories and GridFS join the current transaction. Every
 * operation asks it for the collection or bucket it runs on: outside a transaction it gets the
 * one it gave, as it is (no proxy, no allocation); inside one, the same bound to the
 * transaction's session by a {@link SessionJoiningProxy}. No other class of the library tests
 * for a session.
 * <p>
 * It also applies the rules of the transaction API, with or without a session (a transaction
 * can run without one on a standalone server): {@link #forWrite writes} are refused in a
 * read-only transaction before anything is sent, and {@link #isTransactionScopeBound()} lets
 * async operations refuse to start inside a transaction.
 *
 * @author Connect MongoDB team
 */
public final class SessionBinding {

	private final MongoSessionLookup sessions;

	/**
	 * Create a binding that joins the transactions a lookup finds.
	 * @param sessions the lookup of the current transaction's session
	 */
	public SessionBinding(MongoSessionLookup sessions) {
		Assert.notNull(sessions, "'sessions' must not be null");
		this.sessions = sessions;
	}

	/**
	 * Return the collection a read runs on.
	 * @param <T> the document type
	 * @param collection the plain collection
	 * @return {@code collection}, bound to the current transaction's session if there is one
	 */
	public <T> MongoCollection<T> forRead(MongoCollection<T> collection) {
		ClientSession session = this.sessions.currentSession();
		return (session != null) ? SessionJoiningProxy.collection(collection, () -> session) : collection;
	}

	/**
	 * Return the collection a write runs on, refusing the write in a read-only transaction.
	 * @param <T> the document type
	 * @param collection the plain collection
	 * @param operation what the write does, such as {@code "insert"}, for the refusal
	 * @param target what is written, such as {@code "'orders'"}, for the refusal
	 * @return {@code collection}, bound to the current transaction's session if there is one
	 * @throws InvalidDataAccessApiUsageException in a read-only transaction
	 */
	public <T> MongoCollection<T> forWrite(MongoCollection<T> collection, String operation, String target) {
		ClientSession session = writableSession(operation, target);
		return (session != null) ? SessionJoiningProxy.collection(collection, () -> session) : collection;
	}

	/**
	 * Return the GridFS bucket a read runs on.
	 * @param bucket the plain bucket
	 * @return {@code bucket}, bound to the current transaction's session if there is one
	 */
	public GridFSBucket forRead(GridFSBucket bucket) {
		ClientSession session = this.sessions.currentSession();
		return (session != null) ? SessionJoiningProxy.bucket(bucket, () -> session) : bucket;
	}

	/**
	 * Return the GridFS bucket a write runs on, refusing the write in a read-only
	 * transaction.
	 * @param bucket the plain bucket
	 * @param operation what the write does, such as {@code "upload"}, for the refusal
	 * @param target what is written, such as {@code "GridFS bucket 'fs'"}, for the refusal
	 * @return {@code bucket}, bound to the current transaction's session if there is one
	 * @throws InvalidDataAccessApiUsageException in a read-only transaction
	 */
	public GridFSBucket forWrite(GridFSBucket bucket, String operation, String target) {
		ClientSession session = writableSession(operation, target);
		return (session != null) ? SessionJoiningProxy.bucket(bucket, () -> session) : bucket;
	}

	/**
	 * Refuse a write in a read-only transaction, also one that never joins the transaction
	 * (such as dropping a bucket), before anything is sent.
	 * @param operation what the write does, for the refusal
	 * @param target what is written, for the refusal
	 * @throws InvalidDataAccessApiUsageException in a read-only transaction
	 */
	public void requireWritable(String operation, String target) {
		writableSession(operation, target);
	}

	/**
	 * Return whether a transaction scope is bound to the current thread, with or without a
	 * session.
	 * @return whether the current thread runs the body of a transaction
	 * @see MongoSessionLookup#isTransactionScopeBound()
	 */
	public boolean isTransactionScopeBound() {
		return this.sessions.isTransactionScopeBound();
	}

	private @Nullable ClientSession writableSession(String operation, String target) {
		ClientSession session = this.sessions.currentSession();
		if ((session != null || this.sessions.isTransactionScopeBound()) && this.sessions.isReadOnly()) {
			throw new InvalidDataAccessApiUsageException(
					"Cannot " + operation + " in " + target + ": the current transaction is read-only");
		}
		return session;
	}

}
