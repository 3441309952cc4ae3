package io.connectplatform.mongodb.core;

import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Sorts;
import io.connectplatform.mongodb.test.EmbeddedMongoExtension;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MongoRepository} and a subclass with query methods of its own.
 *
 * @author Connect MongoDB team
 */
class MongoRepositoryTests {

	@RegisterExtension
	static EmbeddedMongoExtension mongo = EmbeddedMongoExtension.create();

	private MongoClient client;

	private CollectionTemplate<Person> template;

	private PersonRepository people;

	@BeforeEach
	void createRepository() {
		this.client = new RecordedCommands().createClient(mongo.getConnectionString());
		String database = "repository_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.template = MongoTemplates.builder(this.client, database).build().of(Person.class);
		this.people = new PersonRepository(this.template);
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
	void findByIdExistsByIdCountAndDeleteById() {
		Person ada = this.people.save(new Person(null, "ada", "London", 0));
		Person bob = this.people.save(new Person(null, "bob", "Oslo", 0));
		assertThat(this.people.findById(ada.id())).contains(ada);
		assertThat(this.people.findById(new ObjectId())).isEmpty();
		assertThat(this.people.existsById(bob.id())).isTrue();
		assertThat(this.people.existsById(new ObjectId())).isFalse();
		assertThat(this.people.count()).isEqualTo(2);
		assertThat(this.people.deleteById(ada.id())).isTrue();
		assertThat(this.people.deleteById(ada.id())).isFalse();
		assertThat(this.people.count()).isEqualTo(1);
		assertThat(this.people.existsById(ada.id())).isFalse();
		assertThat(this.people.findAll()).containsExactly(bob);
	}

	@Test
	void findAllOfAPageRequestReturnsThatPage() {
		for (int i = 0; i < 7; i++) {
			this.people.save(new Person(null, "p" + i, "City" + (i % 2), 0));
		}
		Page<Person> page = this.people.findAll(PageRequest.of(1, 3, Sorts.descending("name")));
		assertThat(page.content()).extracting(Person::name).containsExactly("p3", "p2", "p1");
		assertThat(page.totalElements()).isEqualTo(7);
		assertThat(page.totalPages()).isEqualTo(3);
		assertThat(page.hasNext()).isTrue();
		assertThat(page.hasPrevious()).isTrue();
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
	void repositoryNeedsOperations() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MongoRepository<Person, ObjectId>(null))
			.withMessageContaining("'operations'");
	}

	public record Person(@BsonId ObjectId id, String name, String city, @Version long version) {
	}

	static class PersonRepository extends MongoRepository<Person, ObjectId> {

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
