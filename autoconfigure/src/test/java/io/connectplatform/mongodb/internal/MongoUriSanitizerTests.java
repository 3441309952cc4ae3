package io.connectplatform.mongodb.internal;

import com.mongodb.ConnectionString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MongoUriSanitizer}.
 *
 * @author Connect MongoDB team
 */
class MongoUriSanitizerTests {

	@Test
	void sanitizeMasksPasswordAndKeepsUser() {
		String sanitized = MongoUriSanitizer.sanitize("mongodb://app:s3cret@db1.example.com:27017/orders");
		assertThat(sanitized).isEqualTo("mongodb://app:****@db1.example.com:27017/orders").doesNotContain("s3cret");
	}

	@Test
	void sanitizeOfParsedConnectionStringMasksPassword() {
		ConnectionString connectionString = new ConnectionString("mongodb://app:s3cret@localhost:27017/orders");
		assertThat(MongoUriSanitizer.sanitize(connectionString)).isEqualTo("mongodb://app:****@localhost:27017/orders")
			.doesNotContain("s3cret");
	}

	@Test
	void sanitizeLeavesConnectionStringWithoutCredentialsUnchanged() {
		String uri = "mongodb://db1.example.com:27017/orders?replicaSet=rs0&appName=orders";
		assertThat(MongoUriSanitizer.sanitize(uri)).isEqualTo(uri);
	}

	@Test
	void sanitizeLeavesUserWithoutPasswordUnchanged() {
		String uri = "mongodb://app@db1.example.com:27017/orders?authMechanism=MONGODB-X509";
		assertThat(MongoUriSanitizer.sanitize(uri)).isEqualTo(uri);
	}

	@ParameterizedTest
	@ValueSource(strings = { "p@ss", "p@ss@word", "pa:ss", "pa/ss", "p@s:s/w" })
	void sanitizeMasksPasswordContainingSpecialCharacters(String password) {
		String sanitized = MongoUriSanitizer.sanitize("mongodb://app:" + password + "@db1.example.com:27017/orders");
		assertThat(sanitized).isEqualTo("mongodb://app:****@db1.example.com:27017/orders").doesNotContain(password);
	}

	@Test
	void sanitizeMasksPercentEncodedPassword() {
		String sanitized = MongoUriSanitizer.sanitize("mongodb://app%40corp:p%40ss%3Aw%2Frd@db1.example.com/orders");
		assertThat(sanitized).isEqualTo("mongodb://app%40corp:****@db1.example.com/orders")
			.doesNotContain("p%40ss%3Aw%2Frd");
	}

	@Test
	void sanitizeMasksPasswordOfSrvConnectionString() {
		String sanitized = MongoUriSanitizer
			.sanitize("mongodb+srv://app:s3cret@cluster0.example.com/orders?retryWrites=true");
		assertThat(sanitized).isEqualTo("mongodb+srv://app:****@cluster0.example.com/orders?retryWrites=true")
			.doesNotContain("s3cret");
	}

	@Test
	void sanitizeMasksPasswordWithSeveralHosts() {
		String sanitized = MongoUriSanitizer
			.sanitize("mongodb://app:s3cret@db1.example.com:27017,db2.example.com:27018,db3.example.com/orders"
					+ "?replicaSet=rs0");
		assertThat(sanitized)
			.isEqualTo("mongodb://app:****@db1.example.com:27017,db2.example.com:27018,db3.example.com/orders"
					+ "?replicaSet=rs0")
			.doesNotContain("s3cret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "authMechanismProperties", "AUTHMECHANISMPROPERTIES", "authmechanismproperties",
			"tlsCertificateKeyFilePassword", "TLSCertificateKeyFilePassword", "sslPemKeyPassword", "password",
			"Secret", "TOKEN" })
	void sanitizeMasksSecretOptionsIgnoringCase(String option) {
		String sanitized = MongoUriSanitizer
			.sanitize("mongodb://db1.example.com/orders?appName=orders&" + option + "=s3cret&w=majority");
		assertThat(sanitized).isEqualTo("mongodb://db1.example.com/orders?appName=orders&" + option + "=****&w=majority")
			.doesNotContain("s3cret");
	}

	@Test
	void sanitizeMasksSecretOptionsAndPasswordTogether() {
		String sanitized = MongoUriSanitizer.sanitize("mongodb://app:s3cret@db1,db2:27018/orders?replicaSet=rs0"
				+ "&authMechanismProperties=AWS_SESSION_TOKEN:t0ken&tlsCertificateKeyFilePassword=k3y&appName=orders");
		assertThat(sanitized).isEqualTo("mongodb://app:****@db1,db2:27018/orders?replicaSet=rs0"
				+ "&authMechanismProperties=****&tlsCertificateKeyFilePassword=****&appName=orders")
			.doesNotContain("s3cret")
			.doesNotContain("t0ken")
			.doesNotContain("k3y");
	}

	@Test
	void sanitizeMasksSecretOptionsSeparatedBySemicolons() {
		String sanitized = MongoUriSanitizer
			.sanitize("mongodb://db1/orders?authMechanismProperties=SERVICE_NAME:s3cret;appName=orders");
		assertThat(sanitized).isEqualTo("mongodb://db1/orders?authMechanismProperties=****;appName=orders")
			.doesNotContain("s3cret");
	}

	@Test
	void sanitizeKeepsOptionsThatAreNotSecret() {
		String uri = "mongodb://db1/orders?authMechanism=SCRAM-SHA-256&authSource=admin&tls=true"
				+ "&tlsCertificateKeyFile=/etc/ssl/client.pem&readPreference=secondary&passwordless=true";
		assertThat(MongoUriSanitizer.sanitize(uri)).isEqualTo(uri);
	}

	@Test
	void sanitizeLeavesStringWithoutSchemeOrCredentialsUnchanged() {
		assertThat(MongoUriSanitizer.sanitize("not-a-uri")).isEqualTo("not-a-uri");
	}

	@Test
	void sanitizeMasksPasswordOfConnectionStringWithoutHost() {
		String sanitized = MongoUriSanitizer.sanitize("mongodb://user:s3cret@");
		assertThat(sanitized).isEqualTo("mongodb://user:****@").doesNotContain("s3cret");
	}

	@Test
	void sanitizeMasksPasswordOfStringWithoutScheme() {
		String sanitized = MongoUriSanitizer.sanitize("user:s3cret@db1.example.com");
		assertThat(sanitized).isEqualTo("user:****@db1.example.com").doesNotContain("s3cret");
	}

	@Test
	void sanitizeMasksPasswordOfConnectionStringWithInvalidPort() {
		String sanitized = MongoUriSanitizer.sanitize("mongodb://user:s3cret@db1:notaport/orders");
		assertThat(sanitized).isEqualTo("mongodb://user:****@db1:notaport/orders").doesNotContain("s3cret");
	}

	@Test
	void sanitizeOfEmptyStringIsEmpty() {
		assertThat(MongoUriSanitizer.sanitize("")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "mongodb://app:pa?ss@db1/orders", "mongodb://app:p/a?ss@db1/orders",
			"mongodb://app:pa?ss@db1/orders?appName=a@b" })
	void sanitizeMasksMalformedPasswordContainingQuestionMark(String uri) {
		assertThat(MongoUriSanitizer.sanitize(uri)).startsWith("mongodb://app:****@db1/orders")
			.doesNotContain("pa?ss")
			.doesNotContain("p/a?ss");
	}

	@Test
	void sanitizeLeavesAtSignInAHarmlessOptionAlone() {
		String uri = "mongodb://db1:27017/orders?appName=team@corp";
		assertThat(MongoUriSanitizer.sanitize(uri)).isEqualTo(uri);
	}

	@Test
	void sanitizeMasksSecretOptionWhoseValueContainsAtSign() {
		String sanitized = MongoUriSanitizer.sanitize("mongodb://db1/orders?tlsCertificateKeyFilePassword=p@ss");
		assertThat(sanitized).isEqualTo("mongodb://db1/orders?tlsCertificateKeyFilePassword=****")
			.doesNotContain("p@ss");
	}

	@Test
	void sanitizeMasksSecretOptionAfterOptionValueContainingAtSign() {
		String uri = "mongodb://app:pw@db1/orders?appName=team@corp&authMechanismProperties=AWS_SESSION_TOKEN:s3cret";
		assertThat(new ConnectionString(uri).getApplicationName()).isEqualTo("team@corp");
		String sanitized = MongoUriSanitizer.sanitize(uri);
		assertThat(sanitized).isEqualTo("mongodb://app:****@db1/orders?appName=team@corp&authMechanismProperties=****")
			.doesNotContain("s3cret");
	}

	@Test
	void sanitizeMessageMasksWholeConnectionStringInMessage() {
		String uri = "mongodb://app:s3cret@db1:27017/orders?authMechanismProperties=AWS_SESSION_TOKEN:t0ken";
		String message = MongoUriSanitizer.sanitizeMessage("Cannot parse '" + uri + "': something is wrong", uri);
		assertThat(message)
			.isEqualTo("Cannot parse 'mongodb://app:****@db1:27017/orders?authMechanismProperties=****': "
					+ "something is wrong")
			.doesNotContain("s3cret")
			.doesNotContain("t0ken");
	}

	@Test
	void sanitizeMessageMasksPasswordQuotedAloneInMessage() {
		String uri = "mongodb://app:s3cret@db1/orders";
		String message = MongoUriSanitizer.sanitizeMessage("Authentication with password 's3cret' failed", uri);
		assertThat(message).isEqualTo("Authentication with password '****' failed").doesNotContain("s3cret");
	}

	@Test
	void sanitizeMessageMasksSecretOptionQuotedByDriver() {
		String uri = "mongodb://app:pw@db1/orders?authMechanismProperties=s3cretToken";
		String driverMessage = driverMessage(uri);
		assertThat(driverMessage).contains("s3cretToken");
		String message = MongoUriSanitizer.sanitizeMessage(driverMessage, uri);
		assertThat(message).contains("****").doesNotContain("s3cretToken");
	}

	@Test
	void sanitizeMessageLeavesMessageWithoutSecretsUnchanged() {
		String message = "The connection string contains an empty host '[]'. ";
		assertThat(MongoUriSanitizer.sanitizeMessage(message, "mongodb://user:s3cret@")).isEqualTo(message);
	}

	@Test
	void sanitizeMessageOfNullIsNull() {
		assertThat(MongoUriSanitizer.sanitizeMessage(null, "mongodb://app:s3cret@db1/orders")).isNull();
	}

	@Test
	void sanitizeMessageWithoutUriMasksEveryConnectionStringInMessage() {
		String message = MongoUriSanitizer.sanitizeMessage("Failed to reach mongodb://app:s3cret@db1:27017/orders "
				+ "or 'mongodb+srv://ops:t0p@cluster0.example.com/?authMechanismProperties=TOKEN:abc', giving up");
		assertThat(message)
			.isEqualTo("Failed to reach mongodb://app:****@db1:27017/orders "
					+ "or 'mongodb+srv://ops:****@cluster0.example.com/?authMechanismProperties=****', giving up")
			.doesNotContain("s3cret")
			.doesNotContain("t0p")
			.doesNotContain("abc");
	}

	@Test
	void sanitizeMessageWithoutUriMasksConnectionStringWhateverTheCaseOfItsScheme() {
		assertThat(MongoUriSanitizer.sanitizeMessage("at MongoDB://app:s3cret@db1/orders"))
			.isEqualTo("at MongoDB://app:****@db1/orders");
	}

	@Test
	void sanitizeMessageWithoutUriLeavesMessageWithoutConnectionStringUnchanged() {
		String message = "Timed out after 500 ms while waiting to connect. Client view of cluster state is "
				+ "{type=UNKNOWN, servers=[{address=localhost:27017, type=UNKNOWN, state=CONNECTING}]}; "
				+ "see https://example.com";
		assertThat(MongoUriSanitizer.sanitizeMessage(message)).isSameAs(message);
	}

	@Test
	void sanitizeMessageWithoutUriOfNullIsNull() {
		assertThat(MongoUriSanitizer.sanitizeMessage(null)).isNull();
	}

	private static String driverMessage(String uri) {
		return assertThatIllegalArgumentException().isThrownBy(() -> new ConnectionString(uri)).actual().getMessage();
	}

}
