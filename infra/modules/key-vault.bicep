// Key Vault (RBAC authorization) holding the bootstrap admin key and the cursor signing keys; the app's identity may read secrets.
@minLength(3)
@maxLength(24)
param name string

param location string
param tags object = {}

@secure()
param bootstrapAdminKey string

@secure()
param cursorSigningKey string

@description('The signing key before a rotation; empty when not rotating (no secret is written).')
@secure()
param cursorSigningKeyPrevious string = ''

var rotatingCursorSigningKey = !empty(cursorSigningKeyPrevious)

@description('Principal that resolves the Key Vault reference in the app settings.')
param readerPrincipalId string

@description('Built-in role "Key Vault Secrets User".')
param readerRoleDefinitionId string

param secretName string = 'docket-bootstrap-admin-key'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource bootstrapAdminKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: secretName
  properties: {
    value: bootstrapAdminKey
    contentType: 'text/plain'
  }
}

resource cursorSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'docket-cursor-signing-key'
  properties: {
    value: cursorSigningKey
    contentType: 'text/plain'
  }
}

resource cursorSigningKeyPreviousSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (rotatingCursorSigningKey) {
  parent: vault
  name: 'docket-cursor-signing-key-previous'
  properties: {
    value: cursorSigningKeyPrevious
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, readerRoleDefinitionId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', readerRoleDefinitionId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name

@description('Versionless URI, so a rotated secret is picked up without redeploying.')
output bootstrapAdminKeySecretUri string = bootstrapAdminKeySecret.properties.secretUri
output cursorSigningKeySecretUri string = cursorSigningKeySecret.properties.secretUri

@description('Empty when no previous key was given.')
output cursorSigningKeyPreviousSecretUri string = rotatingCursorSigningKey ? cursorSigningKeyPreviousSecret!.properties.secretUri : ''
