<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Officer Trainer is already open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trainer is already open on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch to the window that is already open. If you cannot find it, wait a moment and try again, or restart the computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trainer cannot open the folder where progress is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress files were repaired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some progress files were damaged, for example by a power cut. The trainer repaired them and kept the damaged files, so nothing was thrown away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings file was damaged, so the usual settings are used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuthoringWindow</name>
    <message>
        <source>Authoring — {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Try this quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the quiz as a learner, recording nothing (Ctrl+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the selected quiz as a learner would; nothing is recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems and coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;verage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open content folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write another content folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} · version {version} · {publisher}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No library.yaml in {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read every file of the folder again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the selected quiz as a learner, recording nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check &amp;again now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a content folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Checked at {time}: %n file(s). Saved changes are checked as you save.</source>
        <translation>
            <numerusform>Checked at {time}: %n file. Saved changes are checked as you save.</numerusform>
            <numerusform>Checked at {time}: %n files. Saved changes are checked as you save.</numerusform>
        </translation>
    </message>
    <message>
        <source>“{id}” is not in the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a quiz to try it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Problems ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a content folder for authoring</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CategorizeWidget</name>
    <message>
        <source>Items to sort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort each item into a category: drag it onto a category, or choose the category in the list beside it (with the list focused, press the category&apos;s number).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right: {category}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You chose {placed}; it belongs in {category}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sorted; it belongs in {category}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CategoryBox</name>
    <message>
        <source>{number}. {category}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop items here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category {category}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no items yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChoiceWidget</name>
    <message>
        <source>Is the statement true or false?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every answer that applies. Wrong selections cost points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right — you chose this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not right — you chose this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed — this is a right answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rightly left out.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContentTree</name>
    <message>
        <source>Content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content of the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modules, quizzes and taxonomies; select one to preview it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quizzes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taxonomies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left out: files with errors</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <source>Show only &amp;untrained indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dimension / indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicator coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each dimension with its indicators and how many questions train each. Click a column heading to sort.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No indicators yet: add a taxonomy file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n untrained</source>
        <translation>
            <numerusform>%n untrained</numerusform>
            <numerusform>%n untrained</numerusform>
        </translation>
    </message>
    <message>
        <source>All trained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not trained by any question</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n of the {total} indicators are trained by no question.</source>
        <translation>
            <numerusform>%n of the {total} indicators is trained by no question.</numerusform>
            <numerusform>%n of the {total} indicators are trained by no question.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every one of the {total} indicators is trained by a question.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;self-assessment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what to cover and draw a self-assessment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save your progress report for a trainer, as PDF and CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modules completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quizzes passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of your answers fully right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>indicators mastered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>indicators to practise now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mastery by dimension and strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each cell counts the indicators of one dimension and strength you have mastered. Click a cell — or move to it with the arrow keys and press Enter — to practise its weak indicators now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red: under half mastered. Amber: half or more. Green: 80% or more. Grey: not practised yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicators to practise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Enter or double-click to practise the chosen indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Practise these</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiz history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each dot is a quiz you finished: filled when you passed, hollow when not; the short bar is its pass mark. Left and right arrow keys move between them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a certificate of the chosen passed quiz as a PDF document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module completion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back to library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your progress could not be read: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}, as of today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{right} of your last {total} right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — {dimension}, {strength} — {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Self-assessment, %n questions ({mode})</source>
        <translation>
            <numerusform>Self-assessment, %n question ({mode})</numerusform>
            <numerusform>Self-assessment, %n questions ({mode})</numerusform>
        </translation>
    </message>
    <message>
        <source>Practice: your weakest indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to practise right now: every indicator you have trained is mastered and none is due for review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicators you are learning, and mastered ones due for review ({n} in all); the weakest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Practise these {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>practice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} ({mode})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No quiz finished yet. Your scores will show here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total} completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{read} of {total} sections read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a passed quiz has a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate saved as {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report saved: {pdf} and {csv}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No question in the library trains these yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Practice: {dimension}, {strength} indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Practice: {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecisionWidget</name>
    <message>
        <source>Situation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the chosen action and see what happens next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where your decisions led</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work through the situation. Choose what you would do and press Decide; each decision leads to the next step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You chose:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step {n}, taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have reached the end of this situation. Your decisions are saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have reached the end of this situation. Your decisions are saved; you will see where they led with your results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recommended action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not the recommended action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This outcome scores {score} of 100.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentSaver</name>
    <message>
        <source>Certificate of achievement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This certifies that</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with a score of {score}% (pass mark {mark}%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{mode}, {count} questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In practice mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As an exam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content: {title} ({id}), version {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session {session} · Officer Trainer {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a quiz you have passed and whose result is saved has a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate could not be saved in {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export progress report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The progress could not be read: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be saved in {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExceptionHook</name>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong. Your answers so far are saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can carry on working. If this keeps happening, tell your trainer; a note about the problem was written to:
{path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExternalLinkDialog</name>
    <message>
        <source>Web address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This link leads to a website. The trainer works offline and does not open websites. You can copy the address and look at it later on a computer with internet access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the web address to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandbookPage</name>
    <message>
        <source>Indicator handbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find an &amp;indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passport, debt, child, recruiter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find an indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the indicators by name, description, what to observe or dimension; Down arrow moves to the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About the indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back to library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Practise this indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a short practice set on this indicator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>strong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not practised yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mastered, due for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mastered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning: {right} of your last {total} right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{dimension} · {strength} · {mastery}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} of {total} indicators match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{total} indicators, by dimension, strongest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No indicator matches “{query}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A {strength} indicator of {dimension}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your mastery: {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(next review {date})</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n questions</source>
        <translation>
            <numerusform>%n question</numerusform>
            <numerusform>%n questions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryChart</name>
    <message>
        <source>Quiz scores over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}, {date}: {score}%, {result}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No quiz finished yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntroView</name>
    <message>
        <source>Questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass mark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How do you want to take it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back to library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of the module “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, drawn at random from {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{mark}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{time}, in the exam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every answer is saved as soon as you give it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Practice — see whether you were right, and why, after each answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exam — answer everything first; your feedback comes at the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time limit applies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start “{title}” in the chosen mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiz not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quiz “{id}” is not in the library. It may have been removed or it has errors; a trainer can check the content with &apos;trainer validate&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemCard</name>
    <message>
        <source>Not sorted yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number}. {category}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category for: {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} for {category}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press {keys}; 0 to unsort. Or open the list with Alt+Down.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Titles, summaries, indicators…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter modules and quizzes by title, summary or indicator; Down arrow moves to the results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modules and quizzes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Enter to open the selected module or start the selected quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching “{query}”: {modules} and {quizzes}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n modules</source>
        <translation>
            <numerusform>%n module</numerusform>
            <numerusform>%n modules</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n quizzes</source>
        <translation>
            <numerusform>%n quiz</numerusform>
            <numerusform>%n quizzes</numerusform>
        </translation>
    </message>
    <message>
        <source>{done} of {total} modules completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing matches “{query}”. Try another word, or clear the search with Escape.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lessons were found in the content folder {folder}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other quizzes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quizzes that span several modules</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress · {read}/{total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiz: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not passed yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Officer Trainer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch learner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch learner (Ctrl+Shift+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the list of learners to switch to another one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your progress and what to practise (Ctrl+Shift+D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The indicator handbook (Ctrl+Shift+I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a self-assessment (Ctrl+Shift+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Switch learner…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the list of learners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Manage learners…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename or delete learners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open content folder for &amp;authoring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write content with its problems, a live preview and coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back to the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;rogress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your progress, and one click to practise what is weak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicator &amp;handbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every indicator, what to observe, and your mastery of it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-&amp;assessment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw questions from every quiz, aimed at what you have not mastered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the module text larger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the module text smaller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make all text in the app larger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make all text in the app smaller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal text si&amp;ze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Officer Trainer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training as {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch learner (now: {name})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the quiz?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the quiz now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answers you have given are saved. You can start the quiz again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This quiz is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{place} — Officer Trainer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text size {percent}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom {percent}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content: {title}, version {version}, by {publisher}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Officer Trainer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Officer Trainer {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline training in recognising the indicators of human trafficking and of recruitment by trafficking and terrorist networks. It never connects to the internet; progress stays in {folder}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManagePacksDialog</name>
    <message>
        <source>Content packs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The content packs installed on this computer. Learners keep their progress whatever you do here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed content packs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No content packs are installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Roll back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the previous version of the selected pack the installed one again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the selected pack out of the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{key} (not trusted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pack was not rolled back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove a content pack?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove “{title}” from the library?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its modules and quizzes leave the library. Learners keep their progress, and the pack is kept in the trash of the packs folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pack was not removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManageProfilesDialog</name>
    <message>
        <source>Manage learners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename a learner, or delete one that is no longer needed. A deleted learner&apos;s progress is moved to the trash folder inside the data folder, so an administrator can still restore it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learners on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the selected learner&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected learner to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename learner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete learner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their progress is moved to the trash folder in the data folder and no longer shown. An administrator can restore it from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MasteryHeatMap</name>
    <message>
        <source>Strong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mastery by dimension and strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{dimension}, {strength} indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{place}: none in the content.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} not practised yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{mastered} of {total} mastered, {due} to practise now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{place}: {state}. Press Enter to practise them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{mastered} of {total} mastered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} to practise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>click to start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NameDialog</name>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NarrativeView</name>
    <message>
        <source>Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The situation the questions are about. It stays in view while you answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phrases you can mark are links: click one, or reach it with Tab and press Enter, to mark or unmark it. The list of phrases under the question does the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[✓ indicator]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[✗ not an indicator]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[! missed indicator]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked. Click to unmark.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to mark this phrase as an indicator.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PackInstaller</name>
    <message>
        <source>&amp;Install content pack…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check a content pack (a .zip from a trainer) and add it to the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content &amp;packs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the installed content packs; roll one back or remove it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install a content pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content packs (*.zip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A content pack is being installed; wait until it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installation cancelled; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installing “{title}” version {version}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed: nobody can tell who made it or whether it was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key {key}, a trusted publisher on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key {key}, which this computer does not trust.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publisher: {publisher}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by: {signed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Pack: {id}, %n file(s), {size}</source>
        <translation>
            <numerusform>Pack: {id}, %n file, {size}</numerusform>
            <numerusform>Pack: {id}, %n files, {size}</numerusform>
        </translation>
    </message>
    <message>
        <source>It replaces version {version}, which is kept for a rollback.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install “{title}” version {version}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pack is not from a trusted publisher: you will be asked to confirm once it has been checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Install</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install a pack from an unknown source?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This pack is not from a trusted publisher.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install &amp;anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed “{title}” version {version}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its modules and quizzes are now in the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {version} is kept; Content packs… can go back to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The content has %n warning(s); its publisher can see them with &apos;trainer validate&apos;.</source>
        <translation>
            <numerusform>The content has %n warning; its publisher can see it with &apos;trainer validate&apos;.</numerusform>
            <numerusform>The content has %n warnings; its publisher can see them with &apos;trainer validate&apos;.</numerusform>
        </translation>
    </message>
    <message>
        <source>Content pack installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The content pack was not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The content pack was not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop one content pack at a time; installing {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taxonomy preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a module, a quiz or a taxonomy to see it as a learner does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file} is left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This file has %n error(s), so learners do not see it. Fix what the Problems list shows and save: the preview follows.</source>
        <translation>
            <numerusform>This file has %n error, so learners do not see it. Fix what the Problems list shows and save: the preview follows.</numerusform>
            <numerusform>This file has %n errors, so learners do not see it. Fix what the Problems list shows and save: the preview follows.</numerusform>
        </translation>
    </message>
    <message>
        <source>The module cannot be previewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A temporary folder for the preview could not be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{id}” is not in the library now: its file may have errors, or it was removed or renamed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak indicator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>Copy list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy every problem, with file and line, to send to whoever maintains the content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each row names a content file, the line of the problem and what is wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Content problems (%n)</source>
        <translation>
            <numerusform>Content problems (%n)</numerusform>
            <numerusform>Content problems (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Show or hide the list of content problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some content files could not be used and are left out. Everything else works normally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some content files have small problems. Everything works normally.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemsView</name>
    <message>
        <source>&amp;Open in editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the file of the selected problem in this computer&apos;s default editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cop&amp;y location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the file and line of the selected problem, as FILE:LINE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems in the content folder. Click a column heading to sort. Enter opens the file; Ctrl+C copies FILE:LINE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems: every file can be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors: {errors}. Warnings: {warnings}. A file with errors is left out until it is fixed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied {location}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file} is not a file in the content folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {file}; the problem is on line {line}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No editor could open {file}; its location was copied.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <source>Choose who is training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This trainer helps you recognise the signs of human trafficking and of recruitment by trafficking and terrorist networks, at your own pace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no account and no password. Your progress is saved on this computer only and is never sent anywhere. Several people can train on the same computer: each one picks their name when the trainer opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to the list of learners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create your profile with this name and open the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who is training?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick your name to carry on where you left off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learners on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Enter to continue as this learner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add another learner on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Manage…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename or delete learners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the library as the selected learner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New profile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Quiz</name>
    <message>
        <source>Indicators: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{text}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuizPage</name>
    <message>
        <source>Quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quiz could not be started: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quiz could not be started again: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuizText</name>
    <message>
        <source>One answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>True or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spot the indicators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sorting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Practice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question {n} of {total} · {kind} · {mode}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n questions</source>
        <translation>
            <numerusform>%n question</numerusform>
            <numerusform>%n questions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minutes</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>{earned} of 1 point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{earned} of {possible} points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left {clock}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. Read the feedback, then go on with Next (Alt+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. Go on with Next (Alt+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what you would do and press Decide (Alt+D).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort every item to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select at least one answer to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an answer to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check your answer with Alt+C or Ctrl+Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go on with Next (Alt+N) or Ctrl+Enter. In an exam you cannot come back to a question.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right — {points}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partly right — {points}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not right — {points}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuizTryOut</name>
    <message>
        <source>Quiz preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try-out: nothing is recorded. The quiz file has changed since this try-out began; start again to try the new version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try-out: your answers are not recorded anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview: this is what a learner sees. Start (or Try this quiz) runs it as a try-out, which records nothing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReaderPage</name>
    <message>
        <source>police</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>border guards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>labour inspectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>military</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first responders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>health and social workers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before you start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can stop at any time. Your place is saved, so you can come back to it later. If the material affects you, talk to someone you trust or to your welfare service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return to the library without opening the module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the library (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections of the module; press Enter to go to one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the arrow and page keys to read; Tab moves between links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous section (Ctrl+Page Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next section (Ctrl+Page Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark as complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record that you have finished reading this module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the quiz for this module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This module is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>About %n minutes</source>
        <translation>
            <numerusform>About %n minute</numerusform>
            <numerusform>About %n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>For {audience}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources for this module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take a quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have completed this module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have reached the end of this module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section {number} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module marked as complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This quiz is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web address (not opened): {address}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom {percent}%</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>&amp;Back to library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review the &amp;module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the module this quiz belongs to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the quiz again with the answers in a new order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a certificate of this pass as a PDF document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your score: {p}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed — the pass mark is {mark}%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not passed yet — the pass mark is {mark}%. Review the feedback below and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{points} · {full} of {count} questions fully right · {mode}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time ran out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n questions were not answered and score zero.</source>
        <translation>
            <numerusform>%n question was not answered and scores zero.</numerusform>
            <numerusform>%n questions were not answered and score zero.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your result could not be saved: {reason} Your answers themselves are saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try &amp;saving again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weakest first: these are the signs to look at again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score by indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{earned} of {possible} ({percent}%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n}. {prompt}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not answered — scores zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not sorted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{placed} — right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{placed} — belongs in {right}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recommended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not recommended</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunnerView</name>
    <message>
        <source>Progress through the quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Leave quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop this quiz. Answers you have given stay saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave this quiz? The answers you have given stay saved, but the quiz will not be scored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave &amp;now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save your answer and see the feedback.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fi&amp;nish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this answer, then finish the quiz and see your results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish the quiz and see your results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this answer and go to the next question.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the next question.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your answer could not be saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SelfAssessmentPage</name>
    <message>
        <source>Self-assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Questions are drawn from every quiz, spread evenly across the indicator dimensions, and chosen more often for the indicators you have not mastered yet or that are due for review. No question comes twice in one set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to &amp;cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many &amp;questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How do you want to take it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Practice — see whether you were right, and why, after each answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exam — answer everything first; your feedback comes at the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit, for the exam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No time limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time limit (exam only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You pass with {mark}% of the points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back to library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw the questions and start the self-assessment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your progress could not be read: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Track: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dimension: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-assessment: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All {n} questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No question in the library covers this yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{questions} questions to draw from, on {indicators} indicators; {weak} of those you have not mastered yet or are due for review.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the selected module or quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move between controls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scroll the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrow keys, Page Up, Page Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top or end of the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home, End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the selected link in the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab to the link, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back from the reader or a message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escape</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpotWidget</name>
    <message>
        <source>Click the phrases in the scenario that are indicators, or tick them in this list. Wrong marks cost points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You marked this — it is an indicator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You marked this — it is not an indicator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed — this phrase is an indicator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rightly left unmarked.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPages</name>
    <message>
        <source>Self-assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicator handbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The self-assessment could not be started: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Practice: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No question in the library trains this indicator yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_DetailPanel</name>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a module or a quiz to see what it covers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other quizzes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quizzes that span several modules, such as a final self-assessment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n modules</source>
        <translation>
            <numerusform>%n module</numerusform>
            <numerusform>%n modules</numerusform>
        </translation>
    </message>
    <message>
        <source>{done} completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>About %n minutes</source>
        <translation>
            <numerusform>About %n minute</numerusform>
            <numerusform>About %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sections</source>
        <translation>
            <numerusform>%n section</numerusform>
            <numerusform>%n sections</numerusform>
        </translation>
    </message>
    <message>
        <source>{read} of {total} sections read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensitive content: {warning}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You will learn to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicators covered:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the quiz: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best score {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quiz for: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Practice</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n questions</source>
        <translation>
            <numerusform>%n question</numerusform>
            <numerusform>%n questions</numerusform>
        </translation>
    </message>
    <message>
        <source>pass mark {mark}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n minutes allowed</source>
        <translation>
            <numerusform>%n minute allowed</numerusform>
            <numerusform>%n minutes allowed</numerusform>
        </translation>
    </message>
    <message>
        <source>You see the feedback after each answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You see the feedback at the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not passed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Best score {score} · {result} · taken %n times</source>
        <translation>
            <numerusform>Best score {score} · {result} · taken %n time</numerusform>
            <numerusform>Best score {score} · {result} · taken %n times</numerusform>
        </translation>
    </message>
    <message>
        <source>Not taken yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the quiz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the quiz: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the module: {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_NameForm</name>
    <message>
        <source>Your name or a nickname</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For example: Sam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name shown on your progress. It stays on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
