package io.connectplatform.mongodb.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidMongoPropertyException} into a failure analysis that names the
 * property, its value and what to write instead.
 *
 * @author Connect MongoDB team
 */
class InvalidMongoPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMongoPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMongoPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
