/**
 * The start-up baseline: a web and actuator application on Spring Boot's own MongoDB module,
 * without Connect MongoDB.
 */
@NullMarked
package io.connectplatform.mongodb.benchmarks.bootalone;

import org.jspecify.annotations.NullMarked;
