/**
 * A probe that {@code benchmarks/startup} puts on the class path of both applications it
 * compares.
 */
@NullMarked
package io.connectplatform.mongodb.benchmarks.startup;

import org.jspecify.annotations.NullMarked;
