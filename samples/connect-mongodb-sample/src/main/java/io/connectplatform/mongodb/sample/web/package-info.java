/**
 * The web layer shared by every endpoint of the sample: request bodies bounded by
 * {@code sample.requests.max-body-size}, and every client error answered with a {@code 4xx}
 * problem detail ({@code application/problem+json}) rather than a {@code 500}.
 */
@NullMarked
package io.connectplatform.mongodb.sample.web;

import org.jspecify.annotations.NullMarked;
