-- One service's PostgreSQL role: it can log in to this database only, owns its own schema (so its
-- migrations run as itself) and has no privilege anywhere else: no other schema, no new schema, no
-- new database, no role management. Idempotent; run by scripts/db.sh (local) and by
-- scripts/postgres/init-service-roles.sh (Compose, first start), as a superuser, connected to the database:
--   SB_ROLE_PASSWORD=... psql -v ON_ERROR_STOP=1 -v role=smartbreeds_auth -v schema=auth_schema -f service-role.sql
-- The password comes from the environment (\getenv), never from the command line.
SET client_min_messages = warning;
\getenv password SB_ROLE_PASSWORD
\if :{?password}
\else
DO $$ BEGIN RAISE EXCEPTION 'SB_ROLE_PASSWORD is not set'; END $$;
\endif

SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD :'password';

-- Only the roles granted CONNECT (and superusers) reach this database; nobody creates in `public`.
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO :"role";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS :"schema" AUTHORIZATION :"role";
ALTER SCHEMA :"schema" OWNER TO :"role";
REVOKE ALL ON SCHEMA :"schema" FROM PUBLIC;

-- A database migrated before the roles existed (or restored with --no-owner): hand its objects to the role.
-- Sequences that belong to a column follow their table.
SELECT format(
        'ALTER %s %I.%I OWNER TO %I',
        CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
            WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
        n.nspname, c.relname, :'role')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = :'schema'
  AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = :'role')
  AND NOT (c.relkind = 'S' AND EXISTS (
        SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
\gexec
