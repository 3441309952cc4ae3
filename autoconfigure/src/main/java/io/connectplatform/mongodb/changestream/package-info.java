/**
 * Change-stream listeners: {@link io.connectplatform.mongodb.changestream.MongoChangeListener},
 * the {@link io.connectplatform.mongodb.changestream.ChangeStreamListenerContainer} that runs
 * them with one worker each, durable resume tokens and restarts.
 */
@NullMarked
package io.connectplatform.mongodb.changestream;

import org.jspecify.annotations.NullMarked;
