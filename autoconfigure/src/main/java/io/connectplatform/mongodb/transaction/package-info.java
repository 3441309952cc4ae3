/**
 * MongoDB transactions: {@link io.connectplatform.mongodb.transaction.MongoTransactions},
 * which retries as the MongoDB transaction specification says, and the
 * {@link io.connectplatform.mongodb.transaction.MongoClientTransactionManager} behind
 * {@code @Transactional}. Both bind the transaction's session to the current thread, where
 * the templates and GridFS find it.
 */
@NullMarked
package io.connectplatform.mongodb.transaction;

import org.jspecify.annotations.NullMarked;
