//! The desk's database: one SQLite file, `DATA/desk.sqlite3`, migrated at
//! start (`PRAGMA user_version` counts the migrations applied). It holds the
//! rounds, their sections, each section's links (a revoked link stays, so it
//! can be told apart from one that never was), every upload with its report,
//! the planner's browser sessions and the admin credential's hash. The files
//! themselves are in `DATA/blobs/` (see `blobs.rs`).

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

/// The migrations, in order: the database is at version N when the first N
/// have been applied. Never edit one that has shipped; add the next.
const MIGRATIONS: &[&str] = &["
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    compiled_blob TEXT, compiled_name TEXT,
    budget_blob TEXT, budget_name TEXT
);
CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    name TEXT NOT NULL,
    UNIQUE (round_id, name)
);
CREATE TABLE links (
    token TEXT PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES sections(id),
    created INTEGER NOT NULL,
    revoked INTEGER
);
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES sections(id),
    link TEXT NOT NULL REFERENCES links(token),
    blob TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    at INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    unreadable TEXT,
    report TEXT NOT NULL
);
CREATE INDEX uploads_by_section ON uploads (section_id, at);
CREATE TABLE sessions (id TEXT PRIMARY KEY, csrf TEXT NOT NULL, expires INTEGER NOT NULL);
"];

/// A file kept in the blob store: its content's name there and the name it was
/// sent under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Round {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub created: i64,
    pub compiled: Option<Blob>,
    pub budget: Option<Blob>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: i64,
    pub round_id: i64,
    pub name: String,
    /// The link that works now, if the last one was not revoked.
    pub link: Option<String>,
}

/// A link as found by its token.
#[derive(Debug, Clone)]
pub struct Link {
    pub token: String,
    pub revoked: bool,
    pub section: Section,
}

/// What a check found in an upload.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
}

#[derive(Debug, Clone)]
pub struct Upload {
    pub id: i64,
    pub section_id: i64,
    pub blob: Blob,
    pub at: i64,
    pub counts: Counts,
    /// Why the file could not be read, if it could not.
    pub unreadable: Option<String>,
    /// The JSON report v1 of its check.
    pub report: String,
}

/// A new upload, before it has an id.
pub struct NewUpload<'a> {
    pub section_id: i64,
    pub link: &'a str,
    pub blob: &'a Blob,
    pub size: i64,
    pub at: i64,
    pub counts: Counts,
    pub unreadable: Option<&'a str>,
    pub report: &'a str,
}

pub struct Db {
    conn: Mutex<Connection>,
}

/// How long a planner's session lasts.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;

type Result<T> = rusqlite::Result<T>;

fn blob(key: Option<String>, name: Option<String>) -> Option<Blob> {
    Some(Blob {
        key: key?,
        name: name.unwrap_or_default(),
    })
}

fn round_of(row: &rusqlite::Row<'_>) -> Result<Round> {
    Ok(Round {
        id: row.get(0)?,
        slug: row.get(1)?,
        name: row.get(2)?,
        created: row.get(3)?,
        compiled: blob(row.get(4)?, row.get(5)?),
        budget: blob(row.get(6)?, row.get(7)?),
    })
}

const ROUND: &str =
    "SELECT id, slug, name, created, compiled_blob, compiled_name, budget_blob, budget_name FROM rounds";

const SECTION: &str = "SELECT s.id, s.round_id, s.name,
    (SELECT token FROM links l WHERE l.section_id = s.id AND l.revoked IS NULL ORDER BY l.created DESC, l.rowid DESC LIMIT 1)
    FROM sections s";

fn section_of(row: &rusqlite::Row<'_>) -> Result<Section> {
    Ok(Section {
        id: row.get(0)?,
        round_id: row.get(1)?,
        name: row.get(2)?,
        link: row.get(3)?,
    })
}

const UPLOAD: &str = "SELECT id, section_id, link, blob, name, size, at, errors, warnings, infos, unreadable, report FROM uploads";

fn upload_of(row: &rusqlite::Row<'_>) -> Result<Upload> {
    Ok(Upload {
        id: row.get(0)?,
        section_id: row.get(1)?,
        blob: Blob {
            key: row.get(3)?,
            name: row.get(4)?,
        },
        at: row.get(6)?,
        counts: Counts {
            errors: row.get(7)?,
            warnings: row.get(8)?,
            infos: row.get(9)?,
        },
        unreadable: row.get(10)?,
        report: row.get(11)?,
    })
}

impl Db {
    /// Opens (or makes) the database at `path` and applies the migrations it lacks.
    pub fn open(path: &Path) -> Result<Db> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i + 1)?;
            tx.commit()?;
        }
        Ok(Db {
            conn: Mutex::new(conn),
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        // A panic while the lock was held leaves the connection as SQLite left
        // it: every statement is atomic, so it is still good to use.
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn)
    }

    /// The number of migrations applied.
    #[cfg(test)]
    pub fn version(&self) -> Result<usize> {
        self.with(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.with(|c| {
            c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
        })
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(drop)
        })
    }

    /// Makes a round with its sections, each with a link of `tokens` (one a
    /// section, in order).
    pub fn create_round(
        &self,
        slug: &str,
        name: &str,
        created: i64,
        sections: &[(String, String)],
        compiled: Option<&Blob>,
        budget: Option<&Blob>,
    ) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO rounds (slug, name, created, compiled_blob, compiled_name, budget_blob, budget_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    slug,
                    name,
                    created,
                    compiled.map(|b| &b.key),
                    compiled.map(|b| &b.name),
                    budget.map(|b| &b.key),
                    budget.map(|b| &b.name)
                ],
            )?;
            let round = tx.last_insert_rowid();
            for (section, token) in sections {
                tx.execute(
                    "INSERT INTO sections (round_id, name) VALUES (?1, ?2)",
                    params![round, section],
                )?;
                let id = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO links (token, section_id, created) VALUES (?1, ?2, ?3)",
                    params![token, id, created],
                )?;
            }
            tx.commit()
        })
    }

    /// Every round, newest first.
    pub fn rounds(&self) -> Result<Vec<Round>> {
        self.with(|c| {
            let mut st = c.prepare(&format!("{ROUND} ORDER BY created DESC, id DESC"))?;
            let rows = st.query_map([], round_of)?;
            rows.collect()
        })
    }

    pub fn round(&self, slug: &str) -> Result<Option<Round>> {
        self.with(|c| {
            c.query_row(&format!("{ROUND} WHERE slug = ?1"), [slug], round_of)
                .optional()
        })
    }

    pub fn round_by_id(&self, id: i64) -> Result<Option<Round>> {
        self.with(|c| {
            c.query_row(&format!("{ROUND} WHERE id = ?1"), [id], round_of)
                .optional()
        })
    }

    /// A round's sections, in the order they were given.
    pub fn sections(&self, round_id: i64) -> Result<Vec<Section>> {
        self.with(|c| {
            let mut st = c.prepare(&format!("{SECTION} WHERE s.round_id = ?1 ORDER BY s.id"))?;
            let rows = st.query_map([round_id], section_of)?;
            rows.collect()
        })
    }

    pub fn section(&self, id: i64) -> Result<Option<Section>> {
        self.with(|c| {
            c.query_row(&format!("{SECTION} WHERE s.id = ?1"), [id], section_of)
                .optional()
        })
    }

    /// The link of a token, revoked or not.
    pub fn link(&self, token: &str) -> Result<Option<Link>> {
        let found: Option<(i64, Option<i64>)> = self.with(|c| {
            c.query_row(
                "SELECT section_id, revoked FROM links WHERE token = ?1",
                [token],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
        })?;
        let Some((section_id, revoked)) = found else {
            return Ok(None);
        };
        Ok(self.section(section_id)?.map(|section| Link {
            token: token.to_string(),
            revoked: revoked.is_some(),
            section,
        }))
    }

    /// Revokes a section's working link; with `renew`, gives it a new one.
    pub fn revoke(&self, section_id: i64, at: i64, renew: Option<&str>) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "UPDATE links SET revoked = ?1 WHERE section_id = ?2 AND revoked IS NULL",
                params![at, section_id],
            )?;
            if let Some(token) = renew {
                tx.execute(
                    "INSERT INTO links (token, section_id, created) VALUES (?1, ?2, ?3)",
                    params![token, section_id, at],
                )?;
            }
            tx.commit()
        })
    }

    /// How many uploads a link made since `since`.
    pub fn uploads_by_link_since(&self, link: &str, since: i64) -> Result<i64> {
        self.with(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM uploads WHERE link = ?1 AND at >= ?2",
                params![link, since],
                |r| r.get(0),
            )
        })
    }

    pub fn add_upload(&self, u: &NewUpload<'_>) -> Result<i64> {
        self.with(|c| {
            c.execute(
                "INSERT INTO uploads (section_id, link, blob, name, size, at, errors, warnings, infos, unreadable, report) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    u.section_id,
                    u.link,
                    u.blob.key,
                    u.blob.name,
                    u.size,
                    u.at,
                    u.counts.errors,
                    u.counts.warnings,
                    u.counts.infos,
                    u.unreadable,
                    u.report
                ],
            )?;
            Ok(c.last_insert_rowid())
        })
    }

    /// A section's uploads, oldest first.
    pub fn uploads(&self, section_id: i64) -> Result<Vec<Upload>> {
        self.with(|c| {
            let mut st = c.prepare(&format!("{UPLOAD} WHERE section_id = ?1 ORDER BY id"))?;
            let rows = st.query_map([section_id], upload_of)?;
            rows.collect()
        })
    }

    pub fn upload(&self, id: i64) -> Result<Option<Upload>> {
        self.with(|c| {
            c.query_row(&format!("{UPLOAD} WHERE id = ?1"), [id], upload_of)
                .optional()
        })
    }

    /// What changes when a round changes: its uploads and its links. The
    /// planner's page reloads when this does.
    pub fn stamp(&self, round_id: i64) -> Result<String> {
        self.with(|c| {
            c.query_row(
                "SELECT
                   (SELECT COUNT(*) || '.' || IFNULL(MAX(u.id), 0) FROM uploads u JOIN sections s ON s.id = u.section_id WHERE s.round_id = ?1)
                   || '.' ||
                   (SELECT COUNT(*) || '.' || COUNT(l.revoked) FROM links l JOIN sections s ON s.id = l.section_id WHERE s.round_id = ?1)",
                [round_id],
                |r| r.get(0),
            )
        })
    }

    pub fn add_session(&self, id: &str, csrf: &str, expires: i64) -> Result<()> {
        self.with(|c| {
            c.execute(
                "DELETE FROM sessions WHERE expires < ?1",
                [expires - SESSION_SECONDS],
            )?;
            c.execute(
                "INSERT INTO sessions (id, csrf, expires) VALUES (?1, ?2, ?3)",
                params![id, csrf, expires],
            )
            .map(drop)
        })
    }

    /// A session's CSRF token, if the session exists and has not expired.
    pub fn session(&self, id: &str, now: i64) -> Result<Option<String>> {
        self.with(|c| {
            c.query_row(
                "SELECT csrf FROM sessions WHERE id = ?1 AND expires > ?2",
                params![id, now],
                |r| r.get(0),
            )
            .optional()
        })
    }

    pub fn end_session(&self, id: &str) -> Result<()> {
        self.with(|c| {
            c.execute("DELETE FROM sessions WHERE id = ?1", [id])
                .map(drop)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Db {
        let dir = std::env::temp_dir().join(format!(
            "selaras-desk-db-{}-{}",
            std::process::id(),
            super::super::super::store::new_id()
        ));
        std::fs::create_dir_all(&dir).expect("dir");
        Db::open(&dir.join("desk.sqlite3")).expect("the database")
    }

    #[test]
    fn a_round_keeps_its_sections_links_and_uploads() {
        let db = db();
        assert_eq!(db.version().expect("version"), MIGRATIONS.len());
        let sections = vec![
            ("Bagian Umum".to_string(), "t1".to_string()),
            ("Bagian Hukum".to_string(), "t2".to_string()),
        ];
        db.create_round("r1", "LKjIP 2025", 100, &sections, None, None)
            .expect("round");
        let round = db.round("r1").expect("query").expect("the round");
        let found = db.sections(round.id).expect("sections");
        let names: Vec<_> = found
            .iter()
            .map(|s| (s.name.as_str(), s.link.as_deref()))
            .collect();
        assert_eq!(
            names,
            [("Bagian Umum", Some("t1")), ("Bagian Hukum", Some("t2"))]
        );
        let blob = Blob {
            key: "ab.xlsx".into(),
            name: "umum.xlsx".into(),
        };
        let before = db.stamp(round.id).expect("stamp");
        let id = db
            .add_upload(&NewUpload {
                section_id: found[0].id,
                link: "t1",
                blob: &blob,
                size: 3,
                at: 200,
                counts: Counts {
                    errors: 2,
                    warnings: 1,
                    infos: 0,
                },
                unreadable: None,
                report: "{}",
            })
            .expect("upload");
        assert_ne!(db.stamp(round.id).expect("stamp"), before);
        assert_eq!(
            db.upload(id).expect("query").expect("upload").counts.errors,
            2
        );
        assert_eq!(db.uploads_by_link_since("t1", 150).expect("count"), 1);
        assert_eq!(db.uploads_by_link_since("t1", 250).expect("count"), 0);
        // Revoked and renewed: the old token is still found, as revoked.
        db.revoke(found[0].id, 300, Some("t3")).expect("renew");
        assert!(db.link("t1").expect("query").expect("link").revoked);
        let renewed = db.link("t3").expect("query").expect("link");
        assert!(!renewed.revoked);
        assert_eq!(renewed.section.link.as_deref(), Some("t3"));
        db.revoke(found[1].id, 300, None).expect("revoke");
        assert_eq!(
            db.section(found[1].id)
                .expect("query")
                .expect("section")
                .link,
            None
        );
        assert!(db.link("nothing").expect("query").is_none());
    }

    #[test]
    fn reopening_applies_no_migration_twice() {
        let dir = std::env::temp_dir().join(format!(
            "selaras-desk-reopen-{}",
            super::super::super::store::new_id()
        ));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("desk.sqlite3");
        Db::open(&path)
            .expect("first")
            .set_setting("k", "v")
            .expect("set");
        let again = Db::open(&path).expect("again");
        assert_eq!(again.setting("k").expect("get").as_deref(), Some("v"));
        assert_eq!(again.version().expect("version"), MIGRATIONS.len());
    }
}
