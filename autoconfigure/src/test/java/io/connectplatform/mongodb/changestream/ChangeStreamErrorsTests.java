package io.connectplatform.mongodb.changestream;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how a change-stream worker classifies the errors that end a stream: lost
 * history, fatal, or worth a restart. The embedded server raises none of the server errors
 * concerned, so they are built here as the driver builds them from a server reply (codes and
 * messages as MongoDB sends them); {@code ChangeStreamContainerTests} shows both against a
 * real server.
 *
 * @author Connect MongoDB team
 */
class ChangeStreamErrorsTests {

	@Test
	void historyLostIsCode286() {
		MongoCommandException lost = error(286, "Executor error during getMore :: caused by :: Resume of change "
				+ "stream was not possible, as the resume point may no longer be in the oplog.");
		assertThat(StreamFailures.isHistoryLost(lost)).isTrue();
		assertThat(StreamFailures.isFatal(lost)).isFalse();
	}

	@Test
	void aFatalErrorAboutTheResumeTokenIsALostHistory() {
		MongoCommandException unknownToken = error(280,
				"resume of change stream was not possible, as the resume token was not found.");
		assertThat(StreamFailures.isHistoryLost(unknownToken)).isTrue();
		assertThat(StreamFailures.isFatal(unknownToken)).isFalse();
	}

	@Test
	void anyOtherFatalErrorStopsTheListenerInsteadOfLoopingOnRestarts() {
		MongoCommandException modifiedId = error(280, "Encountered an event whose _id field, which contains the "
				+ "resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible"
				+ " to resume the stream from that point.");
		assertThat(StreamFailures.isFatal(modifiedId)).isTrue();
		assertThat(StreamFailures.isHistoryLost(modifiedId)).as("it names the resume token, but it is not lost")
			.isFalse();
		MongoCommandException otherFatal = error(280, "cannot continue the change stream: bad pipeline");
		assertThat(StreamFailures.isFatal(otherFatal)).isTrue();
		assertThat(StreamFailures.isHistoryLost(otherFatal)).isFalse();
	}

	@Test
	void errorsAreFoundInTheCauseChainAndOthersAreRestarted() {
		DataAccessResourceFailureException translated = new DataAccessResourceFailureException("translated",
				error(286, "history lost"));
		assertThat(StreamFailures.isHistoryLost(translated)).isTrue();
		MongoSocketReadException network = new MongoSocketReadException("Prematurely reached end of stream",
				new ServerAddress());
		assertThat(StreamFailures.isHistoryLost(network)).isFalse();
		assertThat(StreamFailures.isFatal(network)).isFalse();
	}

	private static MongoCommandException error(int code, String message) {
		BsonDocument reply = new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(code))
			.append("errmsg", new BsonString(message));
		return new MongoCommandException(reply, new ServerAddress());
	}

}
