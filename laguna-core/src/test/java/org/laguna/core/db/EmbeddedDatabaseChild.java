package org.laguna.core.db;

import java.nio.file.Path;

/** Started as a separate JVM by {@link EmbeddedDatabaseTest}: starts a database, writes, waits to be killed. */
public final class EmbeddedDatabaseChild {
    private EmbeddedDatabaseChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
        Database database = Database.connect(db.jdbcUrl(), db.user(), db.password(), 1);
        database.inTransactionVoid(tx -> tx.update("insert into vos (vo, description) values ('chd', 'written before the kill')"));
        System.out.println("port=" + db.port());
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
