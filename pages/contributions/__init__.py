"""The contribution and « de personne à personne » flow (docs/architecture.md): forms, views, services, moderation,
uploads, anti-abuse, the admin queue, the write API, mails, tasks and privacy. Nothing below the models imports it."""
