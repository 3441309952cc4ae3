package io.connectplatform.mongodb.core;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.mongodb.client.MongoCursor;

/**
 * Streams over a server cursor that close it when the stream is closed and translate errors
 * raised while iterating.
 *
 * @author Connect MongoDB team
 */
final class CursorStreams {

	private CursorStreams() {
	}

	static <R> Stream<R> of(MongoCursor<R> cursor, MongoDriverExceptionTranslator translator) {
		Iterator<R> iterator = new Iterator<>() {

			@Override
			public boolean hasNext() {
				try {
					return cursor.hasNext();
				}
				catch (RuntimeException ex) {
					throw translator.translate(ex);
				}
			}

			@Override
			public R next() {
				try {
					return cursor.next();
				}
				catch (RuntimeException ex) {
					throw translator.translate(ex);
				}
			}

		};
		Spliterator<R> spliterator = Spliterators.spliteratorUnknownSize(iterator,
				Spliterator.ORDERED | Spliterator.NONNULL);
		return StreamSupport.stream(spliterator, false).onClose(cursor::close);
	}

}
