package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CollectionRepository}, each of Spring Data's repository methods over the
 * wire, and a subclass with query methods of its own.
 *
 * @author Connect MongoDB team
 */
class CollectionRepositoryTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private final RecordedCommands commands = new RecordedCommands();

	private MongoClient client;

	private CollectionTemplate<Person> template;

	private PersonRepository people;

	private CollectionRepository<Tag, String> tags;

	@BeforeEach
	void createRepository() {
		this.client = this.commands.createClient(mongo.getConnectionString());
		String database = "repository_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		MongoTemplates templates = MongoTemplates.builder(this.client, database).build();
		this.template = templates.of(Person.class);
		this.people = new PersonRepository(this.template);
		this.tags = new CollectionRepository<>(templates.of(Tag.class));
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void saveInsertsANewEntityAndReplacesAnExistingOne() {
		Person ada = this.people.save(new Person(null, "ada", "London", 0));
		assertThat(ada.id()).isNotNull();
		assertThat(ada.version()).isZero();
		Person moved = this.people.save(new Person(ada.id(), "ada", "Paris", ada.version()));
		assertThat(moved).isEqualTo(new Person(ada.id(), "ada", "Paris", 1));
		assertThat(this.people.findAll()).containsExactly(moved);
	}

	@Test
	void saveOfAStaleEntityIsRejected() {
		Person ada = this.people.save(new Person(null, "ada", "London", 0));
		this.people.save(ada);
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.people.save(ada));
	}

	@Test
	void saveAllSavesEachEntityInOrder() {
		Person existing = this.people.save(new Person(null, "ada", "London", 0));
		List<Person> saved = this.people.saveAll(List.of(new Person(null, "bob", "Oslo", 0),
				new Person(existing.id(), "ada", "Rome", 0), new Person(null, "cy", "Lima", 0)));
		assertThat(saved).extracting(Person::name).containsExactly("bob", "ada", "cy");
		assertThat(saved).extracting(Person::version).containsExactly(0L, 1L, 0L);
		assertThat(saved.get(1).id()).isEqualTo(existing.id());
		assertThat(this.people.count()).isEqualTo(3);
		assertThat(this.people.findAll()).containsExactlyInAnyOrderElementsOf(saved);
	}

	@Test
	void findByIdExistsByIdAndCount() {
		Person ada = this.people.save(new Person(null, "ada", "London", 0));
		Person bob = this.people.save(new Person(null, "bob", "Oslo", 0));
		assertThat(this.people.findById(ada.id())).contains(ada);
		assertThat(this.people.findById(new ObjectId())).isEmpty();
		assertThat(this.people.existsById(bob.id())).isTrue();
		assertThat(this.people.existsById(new ObjectId())).isFalse();
		assertThat(this.people.count()).isEqualTo(2);
	}

	@Test
	void findAllByIdReturnsTheEntitiesThatExist() {
		List<Person> saved = savePeople(4);
		assertThat(this.people.findAllById(List.of(saved.get(2).id(), new ObjectId(), saved.get(0).id())))
			.containsExactlyInAnyOrder(saved.get(0), saved.get(2));
		this.commands.clear();
		assertThat(this.people.findAllById(List.of())).isEmpty();
		assertThat(this.commands.names()).isEmpty();
		assertThat(this.tags.findAllById(List.of("{\"$ne\": null}"))).isEmpty();
	}

	@Test
	void findAllInASortAndByPage() {
		savePeople(7);
		assertThat(this.people.findAll(Sort.by(Sort.Direction.DESC, "name"))).extracting(Person::name)
			.containsExactly("p6", "p5", "p4", "p3", "p2", "p1", "p0");
		assertThat(this.people.findAll(Sort.by("city", "name"))).extracting(Person::name)
			.containsExactly("p0", "p2", "p4", "p6", "p1", "p3", "p5");
		assertThat(this.people.findAll(Sort.unsorted())).hasSize(7);
		Page<Person> page = this.people.findAll(PageRequest.of(1, 3, Sort.by(Sort.Direction.DESC, "name")));
		assertThat(page.getContent()).extracting(Person::name).containsExactly("p3", "p2", "p1");
		assertThat(page.getTotalElements()).isEqualTo(7);
		assertThat(page.getTotalPages()).isEqualTo(3);
		assertThat(page.hasNext()).isTrue();
		assertThat(page.hasPrevious()).isTrue();
		assertThat(this.people.findAll(Pageable.unpaged()).getContent()).hasSize(7);
	}

	@Test
	void findAllInASortOfABadPropertyIsRejectedBeforeAnythingIsSent() {
		this.commands.clear();
		assertThatIllegalArgumentException().isThrownBy(() -> this.people.findAll(Sort.by("$where")))
			.withMessageContaining("'sort' property '$where'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.people.findAll(PageRequest.of(0, 2, Sort.by("name.$gt"))))
			.withMessageContaining("'sort' property 'name.$gt'");
		assertThat(this.commands.names()).isEmpty();
	}

	@Test
	void deleteByIdDeletesOneAndIgnoresAMissingOne() {
		List<Person> saved = savePeople(2);
		this.people.deleteById(saved.get(0).id());
		this.people.deleteById(saved.get(0).id());
		assertThat(this.people.findAll()).containsExactly(saved.get(1));
	}

	@Test
	void removeByIdTellsWhetherOneWasDeleted() {
		List<Person> saved = savePeople(2);
		assertThat(this.people.removeById(saved.get(0).id())).isTrue();
		assertThat(this.people.removeById(saved.get(0).id())).isFalse();
		assertThat(this.people.findAll()).containsExactly(saved.get(1));
	}

	@Test
	void deleteOfAVersionedEntityDeletesItAtItsVersionOnly() {
		List<Person> saved = savePeople(2);
		Person ada = saved.get(0);
		Person moved = this.people.save(new Person(ada.id(), ada.name(), "Paris", ada.version()));
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.people.delete(ada))
			.withMessageContaining(ada.id().toString())
			.withMessageContaining("expected version 0");
		assertThat(this.people.existsById(ada.id())).isTrue();
		this.people.delete(moved);
		assertThat(this.people.findAll()).containsExactly(saved.get(1));
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.people.delete(moved));
	}

	@Test
	void deleteOfAnEntityWithoutVersionDeletesByIdAndIgnoresAMissingOne() {
		this.tags.saveAll(List.of(new Tag("a", "one"), new Tag("b", "two")));
		this.tags.delete(new Tag("a", "changed meanwhile"));
		this.tags.delete(new Tag("zzz", "never stored"));
		assertThat(this.tags.findAll()).containsExactly(new Tag("b", "two"));
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.tags.delete(new Tag(null, "no id")))
			.withMessageContaining("without an id");
	}

	@Test
	void deleteAllByIdDeletesThoseIdsInOneCommand() {
		List<Person> saved = savePeople(4);
		this.commands.clear();
		this.people.deleteAllById(List.of(saved.get(0).id(), saved.get(3).id(), new ObjectId()));
		assertThat(this.commands.named("delete")).hasSize(1);
		assertThat(this.people.findAll()).containsExactlyInAnyOrder(saved.get(1), saved.get(2));
		this.people.deleteAllById(List.of());
		assertThat(this.people.count()).isEqualTo(2);
	}

	@Test
	void deleteAllOfEntitiesDeletesThoseEntities() {
		this.tags.saveAll(List.of(new Tag("a", "one"), new Tag("b", "two"), new Tag("c", "three")));
		this.commands.clear();
		this.tags.deleteAll(List.of(new Tag("a", "one"), new Tag("c", "three")));
		assertThat(this.commands.named("delete")).hasSize(1);
		assertThat(this.tags.findAll()).containsExactly(new Tag("b", "two"));
	}

	@Test
	void deleteAllOfVersionedEntitiesChecksEachVersion() {
		List<Person> saved = savePeople(3);
		Person stale = saved.get(1);
		this.people.save(stale);
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.people.deleteAll(List.of(saved.get(0), stale, saved.get(2))));
		// Not atomic outside a transaction: the one before the stale entity is gone
		assertThat(this.people.findAll()).extracting(Person::name).containsExactlyInAnyOrder("p1", "p2");
	}

	@Test
	void deleteAllDeletesEveryEntity() {
		savePeople(3);
		this.people.deleteAll();
		assertThat(this.people.count()).isZero();
		assertThat(this.template.collectionExists()).isTrue();
	}

	@Test
	void subclassQueriesThroughItsOperations() {
		this.people.save(new Person(null, "ada", "London", 0));
		this.people.save(new Person(null, "bob", "Paris", 0));
		this.people.save(new Person(null, "cy", "London", 0));
		assertThat(this.people.findByCity("London")).extracting(Person::name).containsExactlyInAnyOrder("ada", "cy");
		assertThat(this.people.findByCity("Rome")).isEmpty();
		assertThat(this.people.countInCity("Paris")).isEqualTo(1);
		assertThat(this.people.template()).isSameAs(this.template);
	}

	@Test
	void repositoryChecksItsArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CollectionRepository<Person, ObjectId>(null))
			.withMessageContaining("'operations'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.people.delete(null))
			.withMessageContaining("'entity'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.people.findAllById(null))
			.withMessageContaining("'ids'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.people.deleteAllById(null))
			.withMessageContaining("'ids'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.people.deleteAll(null))
			.withMessageContaining("'entities'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.people.saveAll(null))
			.withMessageContaining("'entities'");
	}

	private List<Person> savePeople(int count) {
		List<Person> saved = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			saved.add(this.people.save(new Person(null, "p" + i, "City" + (i % 2), 0)));
		}
		return saved;
	}

	public record Person(@BsonId ObjectId id, String name, String city, @Version long version) {
	}

	public record Tag(@BsonId String id, String label) {
	}

	static class PersonRepository extends CollectionRepository<Person, ObjectId> {

		PersonRepository(CollectionOperations<Person> operations) {
			super(operations);
		}

		List<Person> findByCity(String city) {
			return operations().findBy("city", city);
		}

		long countInCity(String city) {
			return operations().count(SafeFilters.eq("city", city));
		}

		CollectionOperations<Person> template() {
			return operations();
		}

	}

}
