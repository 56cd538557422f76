// grader serve: the preview while typing. After a short pause the answer is sent to
// /api/validate and shown as it was read (MathML made by the server from grader's own
// syntax tree), or the reason it does not read with a caret under the place. Without this
// script the page still works: "Check" posts the form and the page comes back checked.
"use strict";
(function () {
  const PAUSE_MS = 400;
  const form = document.getElementById("answers");
  if (!form || !window.fetch) return;
  const exercise = form.dataset.exercise;
  const readAs = form.dataset.readAs;
  const student = form.dataset.student || null;
  const token = form.dataset.token || null;  // a personal link's: it, not an id, says whose numbers

  function show(output, answer, data) {
    output.replaceChildren();
    if (!data || answer.trim() === "") return;
    if (data.error && typeof data.error.message === "string" && !("position" in data.error)) {
      output.textContent = data.error.message;  // the request was refused (too many, too long)
      return;
    }
    if (data.valid) {
      const label = document.createElement("span");
      label.className = "read-as";
      label.textContent = readAs;
      const math = document.createElement("span");
      math.innerHTML = data.mathml;  // the server's MathML: every name and number in it is escaped
      output.append(label, " ", math);
    } else if (data.error) {
      const caret = document.createElement("span");
      caret.className = "caret";
      caret.textContent = data.error.position === null ? answer
        : answer + "\n" + " ".repeat(data.error.position) + "^";
      const message = document.createElement("span");
      message.className = "parse-error";
      message.textContent = data.error.message;
      output.append(caret, message);
    }
  }

  function watch(input) {
    const output = document.getElementById("preview-" + input.dataset.task);
    let timer = null;
    let asked = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        const answer = input.value;
        const ticket = ++asked;
        if (answer.trim() === "") { show(output, answer, null); return; }
        try {
          const response = await fetch("/api/validate", {
            method: "POST", headers: {"Content-Type": "application/json"},
            body: JSON.stringify(token
              ? {exercise: exercise, task: input.dataset.task, answer: answer, token: token}
              : {exercise: exercise, task: input.dataset.task, answer: answer, student: student}),
          });
          const data = await response.json();
          if (ticket === asked) show(output, answer, data);  // an older answer's reply is dropped
        } catch (error) {
          // offline or the server restarting: the preview waits for the next keystroke
        }
      }, PAUSE_MS);
    });
  }

  form.querySelectorAll("input[data-task]").forEach(watch);
  const result = document.getElementById("receipt") || document.getElementById("result");
  if (result) result.focus();
})();
