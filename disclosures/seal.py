"""The database's half of "a published period never changes": triggers that refuse any UPDATE or
DELETE of a published period's row or of an entry of a published period, any INSERT of an entry
into a published period and any INSERT of a period that claims to be published already, whoever
sends it.

Installed by migration 0002 (and again, with the INSERT triggers, by 0005) for SQLite and
PostgreSQL. On SQLite, emptying the whole database (``manage.py flush``, which the test runner
uses between tests) deletes row by row and would trip them, so ``portal``'s ``flush`` command
lifts every trigger for the flush and puts them back; PostgreSQL flushes with TRUNCATE, which row
triggers do not see.
"""

MESSAGE = "disclosures: published periods and their entries cannot change; enter a correction"

SQLITE_TRIGGERS = {
    "disclosures_entry_sealed_update": """
        CREATE TRIGGER disclosures_entry_sealed_update BEFORE UPDATE ON disclosures_ledgerentry
        FOR EACH ROW WHEN
            (SELECT status FROM disclosures_period WHERE id = OLD.period_id) = 'published'
            OR (SELECT status FROM disclosures_period WHERE id = NEW.period_id) = 'published'
        BEGIN SELECT RAISE(ABORT, '@MESSAGE@'); END
    """,
    "disclosures_entry_sealed_delete": """
        CREATE TRIGGER disclosures_entry_sealed_delete BEFORE DELETE ON disclosures_ledgerentry
        FOR EACH ROW WHEN
            (SELECT status FROM disclosures_period WHERE id = OLD.period_id) = 'published'
        BEGIN SELECT RAISE(ABORT, '@MESSAGE@'); END
    """,
    "disclosures_entry_sealed_insert": """
        CREATE TRIGGER disclosures_entry_sealed_insert BEFORE INSERT ON disclosures_ledgerentry
        FOR EACH ROW WHEN
            (SELECT status FROM disclosures_period WHERE id = NEW.period_id) = 'published'
        BEGIN SELECT RAISE(ABORT, '@MESSAGE@'); END
    """,
    "disclosures_period_sealed_insert": """
        CREATE TRIGGER disclosures_period_sealed_insert BEFORE INSERT ON disclosures_period
        FOR EACH ROW WHEN NEW.status = 'published'
        BEGIN SELECT RAISE(ABORT, '@MESSAGE@'); END
    """,
    "disclosures_period_sealed_update": """
        CREATE TRIGGER disclosures_period_sealed_update BEFORE UPDATE ON disclosures_period
        FOR EACH ROW WHEN OLD.status = 'published'
        BEGIN SELECT RAISE(ABORT, '@MESSAGE@'); END
    """,
    "disclosures_period_sealed_delete": """
        CREATE TRIGGER disclosures_period_sealed_delete BEFORE DELETE ON disclosures_period
        FOR EACH ROW WHEN OLD.status = 'published'
        BEGIN SELECT RAISE(ABORT, '@MESSAGE@'); END
    """,
}

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION disclosures_refuse_sealed_entry() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM disclosures_period
                WHERE id = OLD.period_id AND status = 'published') THEN
            RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
                MESSAGE = '@MESSAGE@ (entry ' || OLD.id || ')';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        IF EXISTS (SELECT 1 FROM disclosures_period WHERE id = NEW.period_id
                   AND status = 'published') THEN
            RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
                MESSAGE = '@MESSAGE@ (entry ' || COALESCE(NEW.id::text, 'new') || ')';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER disclosures_entry_sealed BEFORE INSERT OR UPDATE OR DELETE
    ON disclosures_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION disclosures_refuse_sealed_entry()
    """,
    """
    CREATE OR REPLACE FUNCTION disclosures_refuse_sealed_period() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NEW.status = 'published' THEN
                RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
                    MESSAGE = '@MESSAGE@ (a period is published by signing it off)';
            END IF;
            RETURN NEW;
        END IF;
        IF OLD.status = 'published' THEN
            RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
                MESSAGE = '@MESSAGE@ (period ' || OLD.id || ')';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER disclosures_period_sealed BEFORE INSERT OR UPDATE OR DELETE
    ON disclosures_period
    FOR EACH ROW EXECUTE FUNCTION disclosures_refuse_sealed_period()
    """,
]

POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS disclosures_entry_sealed ON disclosures_ledgerentry",
    "DROP TRIGGER IF EXISTS disclosures_period_sealed ON disclosures_period",
    "DROP FUNCTION IF EXISTS disclosures_refuse_sealed_entry()",
    "DROP FUNCTION IF EXISTS disclosures_refuse_sealed_period()",
]


def install_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        statements = list(SQLITE_TRIGGERS.values())
    elif vendor == "postgresql":
        statements = POSTGRESQL_INSTALL
    else:
        return []
    return [statement.replace("@MESSAGE@", MESSAGE) for statement in statements]


def remove_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    if vendor == "postgresql":
        return POSTGRESQL_REMOVE
    return []


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in install_sql(connection.vendor):
            cursor.execute(statement)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for statement in remove_sql(connection.vendor):
            cursor.execute(statement)


def installed(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s)",
                ["disclosures_entry_sealed_delete", "disclosures_period_sealed_delete"],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname IN "
                "('disclosures_entry_sealed', 'disclosures_period_sealed')"
            )
        else:
            return False
        return cursor.fetchone()[0] > 0
