/**
 * The in-memory MongoDB server (mongo-java-server) for samples, development and tests.
 */
@NullMarked
package io.connectplatform.mongodb.embedded;

import org.jspecify.annotations.NullMarked;
