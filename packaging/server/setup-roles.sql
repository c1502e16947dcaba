-- Bench on a lab server: the database and its two roles, with least privilege (PostgreSQL 13 or newer).
--
-- Run once, as a PostgreSQL superuser (on Debian: sudo -u postgres), with psql:
--
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f setup-roles.sql
--
-- The names can be changed with -v owner=... -v app=... -v dbname=... (defaults bench_owner,
-- bench_app, bench). The two passwords are asked for unless given as -v owner_password=...
-- -v app_password=... (they would then show in the process list: prefer the prompt).
--
-- What it makes:
--   owner role  (bench_owner): owns the database, its public schema and every table Bench creates.
--               IT uses it only to create and upgrade the schema: bench-app upgrade --db OWNER_URL.
--   app role    (bench_app):   what every workstation connects with ([database] location).
--               CONNECT to the database, USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on the
--               working tables, only SELECT and INSERT on the audit trail (audit_events), USAGE and
--               SELECT on sequences; no CREATE anywhere, no TRUNCATE, owns nothing.
--   Default privileges: every table and sequence the owner creates later (a Bench upgrade) gives the
--   app role the same rights; bench-app upgrade then takes UPDATE, DELETE and TRUNCATE on the audit
--   trail away again from everybody but the owner.
--
-- Safe to run again (e.g. after restoring a dump, or to reset a password): what exists is kept,
-- the grants are set again.

\if :{?owner}
\else
\set owner bench_owner
\endif
\if :{?app}
\else
\set app bench_app
\endif
\if :{?dbname}
\else
\set dbname bench
\endif
\if :{?owner_password}
\else
\prompt 'Password for the owner role (used by IT for upgrades): ' owner_password
\endif
\if :{?app_password}
\else
\prompt 'Password for the everyday role (used by every workstation): ' app_password
\endif

-- The roles: they may sign in, and nothing more (no superuser, no new roles or databases).
SELECT format('CREATE ROLE %I LOGIN', :'owner') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'app') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD :'app_password';

-- The database, owned by the owner role; only the two roles may connect to it.
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'dbname', :'owner', 'UTF8')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'dbname') \gexec
ALTER DATABASE :"dbname" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"dbname" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"dbname" TO :"app";

\connect :"dbname"

-- The schema: the owner owns it and alone may create in it.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- Tables and sequences the owner creates from now on (every Bench upgrade).
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public REVOKE ALL ON TABLES FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";

-- Tables already there (this script run again on a database Bench already uses).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM :"app";

-- The audit trail is append-only: the app role may read it and add to it, never change or empty it.
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC, %I', :'app')
  WHERE to_regclass('public.audit_events') IS NOT NULL \gexec

\echo
\echo 'Done. Next, as IT, create Bench''s tables with the owner role:'
\echo '  bench-app upgrade --db "postgresql+psycopg://OWNER@HOST/DBNAME?sslmode=verify-full&sslrootcert=CA.pem"'
\echo 'and give workstations the everyday role''s URL (packaging/README.md, Running Bench on a lab server).'
