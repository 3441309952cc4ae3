/**
 * Side by side with Spring Data MongoDB: lets Spring Data's {@code MongoTemplate} (and the
 * repositories built on it) join the transactions of the
 * {@link io.connectplatform.mongodb.transaction.MongoClientTransactionManager}, so that one
 * {@code @Transactional} method covers both libraries. Used only when Spring Data MongoDB is
 * on the class path.
 */
@NullMarked
package io.connectplatform.mongodb.springdata;

import org.jspecify.annotations.NullMarked;
