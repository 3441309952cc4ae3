/**
 * Support classes of the auto-configuration: how the connection string and database are
 * resolved. Not API: these types may change or disappear in any release.
 */
@NullMarked
package io.connectplatform.mongodb.autoconfigure.support;

import org.jspecify.annotations.NullMarked;
