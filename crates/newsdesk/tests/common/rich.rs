//! Driving the desk's rich-text editor (`/static/desk-editor.js`) in a real browser: typing
//! into it, pressing its toolbar's buttons, answering its dialogs, pasting.

use super::browser::{click, fill};
use fantoccini::{Client, Locator};

/// Types `text` where the rich editor's cursor is.
pub async fn type_in(client: &Client, text: &str) {
    client
        .find(Locator::Css(".desk-rich-body"))
        .await
        .expect("the rich editor")
        .send_keys(text)
        .await
        .unwrap();
}

/// Presses the toolbar's button `name` (`bold`, `link`, `h2`, `quote`, `picture`…).
pub async fn tool(client: &Client, name: &str) {
    click(client, &format!(".rich-toolbar [data-tool={name}]")).await;
}

/// Fills the open dialog's fields and presses its main button.
pub async fn answer(client: &Client, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        fill(
            client,
            &format!("dialog.rich-dialog input[name={name}]"),
            value,
        )
        .await;
    }
    click(client, "dialog.rich-dialog .rich-dialog-ok").await;
}

/// Pastes `text` into the rich editor as a browser would from the clipboard.
pub async fn paste(client: &Client, text: &str) {
    client
        .execute(
            "const data = new DataTransfer();
             data.setData('text/plain', arguments[0]);
             document.querySelector('.desk-rich-body').dispatchEvent(
               new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));",
            vec![text.into()],
        )
        .await
        .unwrap();
}

pub async fn js(client: &Client, script: &str) -> serde_json::Value {
    client.execute(script, vec![]).await.unwrap()
}
