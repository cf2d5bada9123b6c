// The bench's reference: a three-question waterfall on the official Bot Framework JS SDK (botbuilder 4.23),
// with ConversationState/UserState on MemoryStorage and a CloudAdapter without app id (no channel auth).
// /api/messages honours deliveryMode expectReplies: CloudAdapter returns the replies in the response body.
// Usage: PORT=3978 node bot.js
'use strict';
const express = require('express');
const {
  ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage, UserState,
} = require('botbuilder');
const { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog } = require('botbuilder-dialogs');

// Bench fixtures (the same texts as tests/bench/Dialogue.Bench.Host/BenchTexts.nb.json), not user-facing texts.
const TEXTS = {
  name: 'Hva heter du?',
  what: 'Hva vil du gjøre denne uken?',
  when: 'Når vil du gjøre det?',
  summary: (name, what, when) => `Takk, ${name}. Du vil ${what}, ${when}.`,
};

const WATERFALL = 'bench';
const PROMPT = 'text';

class BenchBot extends ActivityHandler {
  constructor(conversationState, userState) {
    super();
    this.conversationState = conversationState;
    this.userState = userState;
    this.dialogState = conversationState.createProperty('DialogState');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(new TextPrompt(PROMPT));
    this.dialogs.add(new WaterfallDialog(WATERFALL, [
      async (step) => step.prompt(PROMPT, TEXTS.name),
      async (step) => { step.values.name = step.result; return step.prompt(PROMPT, TEXTS.what); },
      async (step) => { step.values.what = step.result; return step.prompt(PROMPT, TEXTS.when); },
      async (step) => {
        await step.context.sendActivity(TEXTS.summary(step.values.name, step.values.what, step.result));
        return step.endDialog();
      },
    ]));

    this.onMessage(async (context, next) => {
      const dc = await this.dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) {
        await dc.beginDialog(WATERFALL);
      }
      await next();
    });
  }

  async run(context) {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}

const storage = new MemoryStorage();
const conversationState = new ConversationState(storage);
const userState = new UserState(storage);
const bot = new BenchBot(conversationState, userState);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error(`turn error: ${error}`);
  await context.sendActivity('Beklager, noe gikk galt.');
};

const app = express();
app.use(express.json({ limit: '256kb' }));
app.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));
app.get('/health/live', (req, res) => res.send('ok'));
const port = Number(process.env.PORT || 3978);
app.listen(port, '127.0.0.1', () => console.log(`bench JS bot on http://127.0.0.1:${port}`));
