/**
 * Test support: a JUnit extension that runs embedded MongoDB servers and a TCP proxy that
 * injects network faults.
 */
@NullMarked
package io.connectplatform.mongodb.test;

import org.jspecify.annotations.NullMarked;
