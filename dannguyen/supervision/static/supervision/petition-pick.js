// The plan form's search box: a found petition's button adds its code to the list of codes.
// A file, not inline code: the Content Security Policy allows scripts from 'self' only.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-petition-code]");
  if (!button) {
    return;
  }
  var field = document.getElementById("id_petition_codes");
  if (!field) {
    return;
  }
  var code = button.getAttribute("data-petition-code");
  var codes = field.value.split(/[\s,;]+/).filter(Boolean);
  if (codes.indexOf(code) === -1) {
    codes.push(code);
    field.value = codes.join(", ");
  }
  field.focus();
});
