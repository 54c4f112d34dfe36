package com.cloudbees.jenkins.plugins.awscredentials;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;

/**
 * Declaration of {@code com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials} (aws-credentials
 * plugin): the SDK-v1-shaped methods, present both before and after the plugin's move to AWS SDK v2.
 */
public interface AmazonWebServicesCredentials extends StandardCredentials, AWSCredentialsProvider {
    String getDisplayName();

    AWSCredentials getCredentials(String mfaToken);
}
