-- First start of the compose PostgreSQL: Kratos keeps its identities in a database of its own.
CREATE DATABASE kratos OWNER mirai;
