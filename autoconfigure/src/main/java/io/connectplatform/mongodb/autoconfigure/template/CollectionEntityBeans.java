package io.connectplatform.mongodb.autoconfigure.template;

import io.connectplatform.mongodb.core.CollectionRepository;
import io.connectplatform.mongodb.core.CollectionTemplate;
import io.connectplatform.mongodb.core.MongoTemplates;

/**
 * The factory methods of the beans {@link CollectionEntityRegistrar} registers. Plain static
 * factory methods, rather than instance suppliers, so that Spring's AOT engine can write the
 * bean definitions as code.
 *
 * @author Connect MongoDB team
 */
final class CollectionEntityBeans {

	private CollectionEntityBeans() {
	}

	/**
	 * Create the template of an entity type.
	 * @param <T> the entity type
	 * @param templates the templates
	 * @param type the entity type
	 * @return the template
	 */
	static <T> CollectionTemplate<T> template(MongoTemplates templates, Class<T> type) {
		return templates.of(type);
	}

	/**
	 * Create the repository of an entity type, on a template of its own.
	 * @param <T> the entity type
	 * @param <ID> the id type
	 * @param templates the templates
	 * @param type the entity type
	 * @return the repository
	 */
	static <T, ID> CollectionRepository<T, ID> repository(MongoTemplates templates, Class<T> type) {
		return new CollectionRepository<>(templates.of(type));
	}

}
