package io.connectplatform.mongodb.balancing;

import java.util.List;

import com.mongodb.MongoClientException;

/**
 * Thrown by server selection when the circuit breaker of every server eligible for an
 * operation is open and balancing is configured to fail fast.
 *
 * @author Connect MongoDB team
 */
public class AllServersCircuitOpenException extends MongoClientException {

	private final List<String> servers;

	/**
	 * Create a new exception.
	 * @param servers the eligible servers, as {@code host:port}
	 */
	public AllServersCircuitOpenException(List<String> servers) {
		super("The circuit breaker of every eligible MongoDB server is open (" + String.join(", ", servers)
				+ ") and balancing fails fast (when-all-open=fail-fast); the operation was not sent");
		this.servers = List.copyOf(servers);
	}

	/**
	 * Return the eligible servers whose breakers were open.
	 * @return the servers, as {@code host:port}
	 */
	public List<String> getServers() {
		return this.servers;
	}

}
