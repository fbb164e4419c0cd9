/* The "copy" button of a page's share post. Works from a web server and from
   file:// (a USB stick): the Clipboard API where the browser allows it, else
   select the text and execCommand("copy"). Without JavaScript the button stays
   hidden and the text can be selected by hand. */
(function () {
  "use strict";

  function selectAll(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function legacyCopy(field) {
    selectAll(field);
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  function setUp(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    var status = button.parentNode.querySelector(".copy-status");
    function report(copied) {
      if (!copied) {
        selectAll(field);   // at least leave it selected, ready for Ctrl+C
      }
      if (status) {
        status.textContent = button.getAttribute(copied ? "data-done" : "data-failed");
      }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () {
          selectAll(field);
          report(true);
        }, function () {
          report(legacyCopy(field));
        });
      } else {
        report(legacyCopy(field));
      }
    });
  }

  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i += 1) {
    setUp(buttons[i]);
  }
}());
