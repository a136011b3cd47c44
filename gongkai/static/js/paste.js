// The body field of the record form: a paste from Word, WPS or a web page keeps its markup
// (tables included) instead of the browser's plain-text flattening. The server cleans it
// (gongkai/textproc/paste.py); "预览" shows the result as the public page will.
(function () {
  "use strict";
  var body = document.getElementById("id_body");
  if (!body) return;
  body.addEventListener("paste", function (event) {
    var data = event.clipboardData;
    if (!data) return;
    var html = data.getData("text/html");
    if (!html) return; // plain text: the browser pastes it; blank lines become paragraphs on save
    event.preventDefault();
    var start = body.selectionStart, end = body.selectionEnd;
    body.value = body.value.slice(0, start) + html + body.value.slice(end);
    body.selectionStart = body.selectionEnd = start + html.length;
  });
})();
