// Creates the survey in Google Forms. Run createSurvey once from script.google.com;
// questionnaire mini 1.0, language en.
function createSurvey() {
  var form = FormApp.create("Mini questionnaire");
  form.setProgressBar(true);
  var item;
  form.setDescription("Alpha");
  form.addTextItem().setTitle("Team").setRequired(true);
  item = form.addMultipleChoiceItem();
  item.setTitle("Accounts?");
  item.setChoiceValues(["None", "Some", "All"]);
  item = form.addMultipleChoiceItem();
  item.setTitle("Owner?");
  item.setChoiceValues(["Nobody", "Part-time", "Full-time", "Not applicable"]);
  form.addPageBreakItem().setTitle("Beta");
  item = form.addMultipleChoiceItem();
  item.setTitle("Calendar?");
  item.setChoiceValues(["No", "Yes"]);
  item = form.addMultipleChoiceItem();
  item.setTitle("Training?");
  item.setChoiceValues(["None", "Basic", "Levels", "Don't know"]);
  form.addPageBreakItem().setTitle("Gamma");
  item = form.addMultipleChoiceItem();
  item.setTitle("Co-creation?");
  item.setChoiceValues(["Never", "Often"]);
  Logger.log('Edit: ' + form.getEditUrl());
  Logger.log('Share: ' + form.getPublishedUrl());
}
