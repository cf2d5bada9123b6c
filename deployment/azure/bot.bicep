// Azure Bot registration for Dialogue: lets the Bot Framework channels (Teams, Azure's Web Chat / Direct Line, the
// emulator through a tunnel) reach the bot at https://<host>/api/messages. The bot serves its own Direct Line and
// talks to Twilio itself, so those are not needed here; Azure's Direct Line channel is optional.
//
//   az deployment group create -g <resource group> -f deployment/azure/bot.bicep \
//     -p botName=dialogue-bot publicHost=dialogue.example.no msaAppId=<app registration client id>
//
// The app registration (Entra ID, single tenant) and its client secret are made separately; give the bot
// MicrosoftAppId = msaAppId, MicrosoftAppTenantId = the tenant, MicrosoftAppPassword = the client secret.

@description('The Azure Bot resource name (globally unique).')
param botName string

@description('Shown in the channels.')
param displayName string = 'NAV Dialogue'

@description('The public host name of the bot (no scheme, no path), e.g. dialogue.example.no.')
param publicHost string

@description('Client id of the Entra ID app registration the bot authenticates as (MicrosoftAppId).')
param msaAppId string

@description('Tenant of the app registration (MicrosoftAppTenantId).')
param msaAppTenantId string = subscription().tenantId

@allowed([
  'F0'
  'S1'
])
param sku string = 'S1'

@description('Also enable Azure\'s own Direct Line channel (the bot already serves Direct Line 3.0 itself).')
param enableAzureDirectLine bool = false

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: 'https://${publicHost}/api/messages'
    msaAppId: msaAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: msaAppTenantId
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    isStreamingSupported: false
  }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = if (enableAzureDirectLine) {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'dialogue'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
          isSecureSiteEnabled: true
          trustedOrigins: [
            'https://${publicHost}'
          ]
        }
      ]
    }
  }
}

output messagingEndpoint string = bot.properties.endpoint
