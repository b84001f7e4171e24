#![recursion_limit = "256"]
//! Records what real browsers do on CORS scenarios, as `cors-vectors/1`
//! files (`browser-vectors/<browser>/`).
//!
//! * [`scenario`]: what a page fetches and what the server answers.
//! * [`themes`]: the scenarios, one module per theme, plus a seeded mix.
//! * [`server`]: the scenario server on 127.0.0.1, logging every request.
//! * [`page`]: the runner page that performs the fetches.
//! * [`browser`]: Chromium, Firefox and WebKit under their WebDriver servers.
//! * [`record`]: running scenarios and writing down what the browser did.
//! * [`matrix`]: how far each profile agrees with each browser.
//!
//! Nothing here decides an outcome: every expectation in a recording is
//! what the browser did.

pub mod browser;
pub mod matrix;
pub mod page;
pub mod record;
pub mod scenario;
pub mod server;
pub mod themes;
