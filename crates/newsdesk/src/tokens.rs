//! `newsdesk token …`: API tokens from the command line, through the same operations as
//! the desk's tokens page. `add` prints the secret alone on standard output, so a script
//! can capture it; everything else goes to standard error.

use clap::Subcommand;
use newsdesk_core::Scopes;
use newsdesk_newsroom::{Actor, Newsroom};

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Make a token acting for a login; prints the token (shown this once).
    Add {
        /// The login the token acts for.
        email: String,
        /// Where the token is used, e.g. "Wire importer".
        #[arg(long)]
        name: String,
        /// What it may do, separated by spaces or commas: content:read content:write media structure users.
        #[arg(long, default_value = "content:read content:write")]
        scopes: String,
    },
    /// List tokens (never their secrets) with when each was last used.
    List,
    /// Revoke a token by its number (from `list`).
    Revoke { id: i64 },
}

fn person(user: &newsdesk_store::User) -> Actor {
    Actor::person(user.id, user.role, user.author_id)
}

pub async fn run(newsroom: &Newsroom, command: TokenCommand) -> anyhow::Result<()> {
    let store = &newsroom.store;
    match command {
        TokenCommand::Add {
            email,
            name,
            scopes,
        } => {
            let email = newsdesk_auth::Email::parse(&email)?;
            let (user, _) = store
                .user_for_login(email.as_str())
                .await?
                .ok_or_else(|| anyhow::anyhow!("no login with the email {email}"))?;
            let scopes = Scopes::parse(&scopes)?;
            let (token, secret) = newsroom
                .make_token(&person(&user), user.id, &name, scopes)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.public_message()))?;
            eprintln!(
                "made token {} “{}” for {} ({}); it is shown this once:",
                token.id, token.name, user.email, token.scopes
            );
            println!("{secret}");
        }
        TokenCommand::List => {
            let tokens = store.api_tokens(None).await?;
            if tokens.is_empty() {
                eprintln!("no tokens yet: make one with `newsdesk token add EMAIL --name NAME`");
            }
            let when = |at: Option<i64>| {
                at.and_then(|s| jiff::Timestamp::from_second(s).ok())
                    .map_or_else(|| "never".to_owned(), |t| t.to_string())
            };
            for t in tokens {
                let state = if t.revoked_at.is_some() {
                    "revoked"
                } else {
                    "live"
                };
                println!(
                    "{}\t{}…\t{}\t{}\t{}\t{state}\tlast used {}",
                    t.id,
                    t.prefix,
                    t.user_email,
                    t.name,
                    t.scopes,
                    when(t.last_used_at)
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let token = store
                .api_token(id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("there is no token {id}"))?;
            let user = store
                .user(token.user_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("token {id} has no person"))?;
            newsroom
                .revoke_token(&person(&user), id)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.public_message()))?;
            eprintln!("revoked token {id} “{}” of {}", token.name, user.email);
        }
    }
    Ok(())
}
