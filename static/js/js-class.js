// Loaded in <head> before the page is drawn: styles meant for visitors with JavaScript apply from the start.
// A file rather than an inline script: the Content-Security-Policy allows the site's own scripts only.
document.documentElement.className = document.documentElement.className.replace("no-js", "js");
