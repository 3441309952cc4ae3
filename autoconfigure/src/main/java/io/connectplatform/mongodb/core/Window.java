package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One window of a keyset scroll: the elements and the position to continue from.
 *
 * @param <T> the element type
 * @param content the elements of this window
 * @param next the position after the last element, or {@code null} when nothing follows
 * @author Connect MongoDB team
 */
public record Window<T>(List<T> content, @Nullable ScrollPosition next) {

	/**
	 * Create a window; the content is copied.
	 * @param content the elements of this window
	 * @param next the position after the last element, or {@code null} when nothing follows
	 */
	public Window {
		content = List.copyOf(content);
	}

	/**
	 * Return whether more elements follow this window.
	 * @return whether there is a next window
	 */
	public boolean hasNext() {
		return this.next != null;
	}

	/**
	 * Return a window with each element mapped.
	 * @param <R> the new element type
	 * @param mapper the element mapper
	 * @return the mapped window
	 */
	public <R> Window<R> map(Function<? super T, ? extends R> mapper) {
		return new Window<>(this.content.stream().<R>map(mapper).toList(), this.next);
	}

}
