"""The closed namespace of the Kembar ontology, ``kmb:``.

Generated from ontology/kembar.ttl by ``python -m kembar.ontology.generate``;
do not edit by hand. An unknown term is an AttributeError.

>>> KMB.Agreement
rdflib.term.URIRef('https://w3id.org/kembar/ontology#Agreement')
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["KMB"]


class KMB(DefinedNamespace):
    """Terms of https://w3id.org/kembar/ontology# (prefix ``kmb``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/kembar/ontology#")

    AbsoluteCentralAffair: URIRef  # absolute central affair
    ActiveParticipation: URIRef  # initiative of government, community and business
    Actor: URIRef  # Actor
    AdminLevel: URIRef  # Administrative Level
    AdminLevelScheme: URIRef  # administrative levels
    AdviceDraftText: URIRef  # draft the text
    AdviceOutcome: URIRef  # Advice Outcome
    AdviceOutcomeScheme: URIRef  # advice outcomes
    AdviceRevisePlan: URIRef  # revise the plan
    AffairType: URIRef  # Affair Type
    Agreement: URIRef  # Agreement
    AgreementDocument: URIRef  # Agreement Document
    AgreementSide: URIRef  # Agreement Side
    AgreementStatus: URIRef  # Agreement Status
    AgreementStatusScheme: URIRef  # agreement statuses
    AnalysisLevel: URIRef  # Analysis Level
    AnalysisLevelScheme: URIRef  # levels of analysis
    Angka: URIRef  # item (angka)
    Approval: URIRef  # Approval
    Assessment: URIRef  # Assessment
    AssessmentThreatRule: URIRef  # assessment threat rule
    Ayat: URIRef  # paragraph (ayat)
    Bab: URIRef  # chapter (bab)
    Bagian: URIRef  # part (bagian)
    Benefit: URIRef  # Benefit
    BroadCommission: URIRef  # broad sister-city commission
    Business: URIRef  # Business
    BusinessStakeholder: URIRef  # business
    CapacityBuildingPackage: URIRef  # long-term capacity building
    CapitalImbalance: URIRef  # imbalance in base capital
    CentralGovernmentBody: URIRef  # Central Government Body
    CircularLetter: URIRef  # circular letter
    Citation: URIRef  # Citation
    CivilSocietyGroup: URIRef  # Civil Society Group
    ClearObjectives: URIRef  # clear objectives and yearly review
    CloserFriendship: URIRef  # closer friendship
    CollectiveToComprehensiveSecurity: URIRef  # collective to comprehensive security
    CommunitySecurity: URIRef  # community security
    CommunityStakeholder: URIRef  # community
    CompanyPartner: URIRef  # foreign company
    ConfidenceLevel: URIRef  # Confidence Level
    ConfirmedByNews: URIRef  # confirmed by news
    ConfirmedByOfficialSource: URIRef  # confirmed by an official or partner source
    ConfirmedByPages: URIRef  # in the Wikipedia list and confirmed by pages
    CooperationField: URIRef  # Cooperation Field
    CooperationFieldScheme: URIRef  # cooperation fields
    CooperationPlan: URIRef  # Cooperation Plan
    Country: URIRef  # Country
    CrossCuttingOrigin: URIRef  # from every aspect of life
    CulturalEnrichment: URIRef  # cultural enrichment
    CulturalSensitivity: URIRef  # cultural sensitivity and balance
    DefinitionBasis: URIRef  # follows from the definitions
    Dependency: URIRef  # waiting for government facilities
    DerivationRule: URIRef  # Derivation Rule
    DiplomaticRelations: URIRef  # diplomatic relations
    DiplomaticStatusRecord: URIRef  # Diplomatic Status Record
    DisputeArbitration: URIRef  # arbitration
    DisputeDomesticCourt: URIRef  # Indonesian court
    DisputeForeignCourt: URIRef  # foreign court
    DisputeNegotiation: URIRef  # negotiation and consultation
    DisputeNone: URIRef  # no dispute clause
    DisputeSettlement: URIRef  # Dispute Settlement
    DisputeSettlementScheme: URIRef  # dispute settlement clauses
    DomesticPartnerFirst: URIRef  # domestic partner first
    DprdApproval: URIRef  # DPRD Approval
    EconomicSector: URIRef  # economic sector
    EconomicSecurity: URIRef  # economic security
    EditorsReadingBasis: URIRef  # editors' reading
    Effective: URIRef  # effective
    EffectivenessLevel: URIRef  # Effectiveness Level
    EffectivenessScheme: URIRef  # effectiveness levels
    EnablingRegulation: URIRef  # enabling regulation
    EnvironmentalDamage: URIRef  # environmental damage
    EnvironmentalSector: URIRef  # environmental sector
    EnvironmentalSecurity: URIRef  # environmental security
    EvidenceClass: URIRef  # Evidence Class
    EvidenceLevel: URIRef  # Evidence Level
    ExternalOrigin: URIRef  # external
    FieldAgriculture: URIRef  # agriculture
    FieldCommunicationInformatics: URIRef  # communication and informatics
    FieldCulturalExchange: URIRef  # cultural exchange
    FieldCulture: URIRef  # culture
    FieldDefence: URIRef  # defence
    FieldDisasterManagement: URIRef  # disaster management
    FieldEconomy: URIRef  # economy
    FieldEducation: URIRef  # education
    FieldEnvironment: URIRef  # environment
    FieldForeignPolicy: URIRef  # foreign policy
    FieldGovernanceCapacity: URIRef  # technical and governance capacity
    FieldHealth: URIRef  # health
    FieldHousing: URIRef  # housing and settlements
    FieldIndustry: URIRef  # industry
    FieldInvestment: URIRef  # investment
    FieldJustice: URIRef  # justice
    FieldMarineFisheries: URIRef  # marine affairs and fisheries
    FieldMonetaryFiscal: URIRef  # national monetary and fiscal affairs
    FieldOtherLawful: URIRef  # other lawful object
    FieldPublicWorks: URIRef  # public works and spatial planning
    FieldRegionalPromotion: URIRef  # promotion of regional potential
    FieldReligion: URIRef  # religion
    FieldScienceTechnology: URIRef  # science and technology
    FieldSecurity: URIRef  # security (national)
    FieldSecurityRule: URIRef  # field security rule
    FieldSmes: URIRef  # cooperatives and small enterprises
    FieldSocialWelfare: URIRef  # social welfare
    FieldTourism: URIRef  # tourism
    FieldTrade: URIRef  # trade
    FieldTransport: URIRef  # transport
    FieldYouthSport: URIRef  # youth and sport
    FinancialBurden: URIRef  # financial burden
    FoodInsecurity: URIRef  # food insecurity
    FoodSecurity: URIRef  # food security
    ForeignSide: URIRef  # foreign side
    FriendshipAgreement: URIRef  # Friendship Agreement
    FundingApbd: URIRef  # regional budget (APBD)
    FundingApbn: URIRef  # state budget (APBN)
    FundingGrant: URIRef  # grant funds
    FundingOther: URIRef  # other lawful funds
    FundingPartner: URIRef  # partner's funds
    FundingSource: URIRef  # Funding Source
    FundingSourceScheme: URIRef  # funding sources
    GoodCommunication: URIRef  # first-rate communication
    GovernmentAndBusinessSupport: URIRef  # government support and business contribution
    GovernmentRegulation: URIRef  # government regulation
    GovernmentStakeholder: URIRef  # government
    HealthSecurity: URIRef  # health security
    HumanSecurityDimension: URIRef  # Human Security Dimension
    HumanSecurityDimensionScheme: URIRef  # human-security dimensions
    HumanSecurityReferent: URIRef  # human security
    HumanTrafficking: URIRef  # human trafficking
    Huruf: URIRef  # point (huruf)
    ImplementationReport: URIRef  # Implementation Report
    ImplementingArrangement: URIRef  # Implementing Arrangement
    Individual: URIRef  # individual
    IndonesianSide: URIRef  # Indonesian side
    Ineffective: URIRef  # ineffective
    Inequality: URIRef  # inequality
    InfectiousDisease: URIRef  # infectious disease
    InstrumentType: URIRef  # Instrument Type
    InternalOrigin: URIRef  # internal
    InternationalOrganisation: URIRef  # International Organisation
    InternationalOrganisationPartner: URIRef  # international organisation (partner)
    InternationalSubsystem: URIRef  # international subsystem
    InternationalSystem: URIRef  # international system
    Kabupaten: URIRef  # regency (Indonesia)
    KemluConfirmation: URIRef  # Foreign Affairs Confirmation
    KnowledgeExchange: URIRef  # knowledge and experience exchange
    Kota: URIRef  # city (Indonesia)
    Lampiran: URIRef  # annex (lampiran)
    LegalInstrument: URIRef  # Legal Instrument
    LegalRegime: URIRef  # Legal Regime
    LegalRegimeScheme: URIRef  # legal regimes
    LetterOfIntent: URIRef  # Letter of Intent
    LocalGovernment: URIRef  # Local Government
    Locality: URIRef  # Locality
    LowConfidence: URIRef  # low confidence
    LowCostExchanges: URIRef  # low-cost yearly exchanges
    MandatoryBasicService: URIRef  # mandatory basic-service affair
    MandatoryNonBasicService: URIRef  # mandatory non-basic-service affair
    MappingBasis: URIRef  # Mapping Basis
    MeetingParticipant: URIRef  # Meeting Participant
    MeetingParticipantScheme: URIRef  # inter-ministerial meeting participants
    MemorandumOfUnderstanding: URIRef  # Memorandum of Understanding
    MendagriApproval: URIRef  # Home Affairs Approval
    MilitaryAggression: URIRef  # military aggression
    MilitarySector: URIRef  # military sector
    MinisterialRegulation: URIRef  # ministerial regulation
    MunicipalLevel: URIRef  # municipal level
    NationalGovernmentPartner: URIRef  # national government abroad
    NationalSecurityReferent: URIRef  # national security
    NaturalDisaster: URIRef  # natural disaster
    NegativeImpact: URIRef  # Negative Impact
    NoDiplomaticRelations: URIRef  # no diplomatic relations
    NonProfitOrganisation: URIRef  # Non-Profit Organisation
    NonProfitPartner: URIRef  # foreign non-profit body
    NonStateActor: URIRef  # Non-State Actor
    NonTraditionalThreat: URIRef  # Non-Traditional Threat
    NotMappedBasis: URIRef  # maps to nothing
    NotRecognised: URIRef  # not recognised
    OneSidedBenefit: URIRef  # one-sided benefit
    OptionalAffair: URIRef  # optional affair
    OtherCooperation: URIRef  # Other Cooperation
    Otorita: URIRef  # special capital authority (Indonesia)
    PagesOnly: URIRef  # pages only
    PaperExampleBasis: URIRef  # example in the paper
    ParadigmShift: URIRef  # Paradigm Shift
    Paragraf: URIRef  # section (paragraf)
    ParticipantKemlu: URIRef  # Ministry of Foreign Affairs (participant)
    ParticipantProvince: URIRef  # provincial government (participant)
    ParticipantRegencyCity: URIRef  # regency or city government (participant)
    ParticipantSectorMinistry: URIRef  # sector ministry (participant)
    PartlyEffective: URIRef  # partly effective
    PartnerType: URIRef  # Partner Type
    PartnerTypeScheme: URIRef  # partner types
    Pasal: URIRef  # article (pasal)
    Penjelasan: URIRef  # elucidation (penjelasan)
    Person: URIRef  # Person
    PersonalSecurity: URIRef  # personal security
    PoliticalPartyPartner: URIRef  # foreign political party
    PoliticalSector: URIRef  # political sector
    PoliticalSecurity: URIRef  # political security
    Poverty: URIRef  # poverty
    PresidentialRegulation: URIRef  # presidential regulation
    PrimaryEvidence: URIRef  # primary text read
    Programme: URIRef  # Programme
    ProvinceLevel: URIRef  # province level
    Provinsi: URIRef  # province (Indonesia)
    ReasonAfterSigning: URIRef  # happens after signing
    ReasonCentralDuty: URIRef  # a duty of the central government
    ReasonDefinition: URIRef  # a definition or statement of purpose
    ReasonDiscretion: URIRef  # an official's judgement
    ReasonNeedsSignedText: URIRef  # needs the signed document
    ReasonNotInFormat: URIRef  # no field in the submission format
    ReasonOtherTrack: URIRef  # another kind of cooperation
    RecipientGovernor: URIRef  # governor (recipient)
    RecipientKemendagri: URIRef  # Ministry of Home Affairs (recipient)
    RecipientKemlu: URIRef  # Ministry of Foreign Affairs (recipient)
    RecipientOther: URIRef  # other recipient
    Recommendation: URIRef  # Recommendation
    ReferentObject: URIRef  # Referent Object
    RefutedTie: URIRef  # Refuted Tie
    RegimePMDN3of2008: URIRef  # Permendagri 3/2008 regime
    RegimePP28of2018: URIRef  # PP 28/2018 regime
    RegimePP28of2018PMDN25of2020: URIRef  # PP 28/2018 with Permendagri 25/2020
    RegimePre1993: URIRef  # before the 1993 circular
    RegimeRule: URIRef  # regime rule
    RegimeSE1993: URIRef  # 1993 circular regime
    RegimeUnknown: URIRef  # regime unknown
    RegionalParliament: URIRef  # Regional Parliament
    RegularExchanges: URIRef  # regular planned exchanges
    RelationStatus: URIRef  # Relation Status
    ReportRecipient: URIRef  # Report Recipient
    ReportRecipientScheme: URIRef  # report recipients
    ResourceAlliances: URIRef  # alliances that stretch resources
    RiskTaking: URIRef  # courage for ambitious projects
    Rule: URIRef  # Rule
    RuleScheme: URIRef  # rule catalogue
    Se1993Justification: URIRef  # SE 1993 Justification
    SecondaryEvidence: URIRef  # secondary quotation
    Securitisation: URIRef  # Securitisation
    SecurityLink: URIRef  # Security Link
    SecuritySector: URIRef  # Security Sector
    SecuritySectorScheme: URIRef  # security sectors
    Signatory: URIRef  # Signatory
    SigningYearRule: URIRef  # signing-year rule
    SisterCityAgreement: URIRef  # Sister City Agreement
    SisterProvinceAgreement: URIRef  # Sister Province Agreement
    SocietalSector: URIRef  # societal sector
    SourceSupport: URIRef  # Source Support
    StageAgreementSigned: URIRef  # agreement signed (step)
    StageDormant: URIRef  # fell dormant (step)
    StageEnded: URIRef  # end of the tie (step)
    StageKind: URIRef  # Stage Kind
    StageLetterOfIntent: URIRef  # letter of intent signed (step)
    StageMoUSigned: URIRef  # MoU signed (step)
    StageProposed: URIRef  # tie proposed (step)
    StageRenewed: URIRef  # renewal (step)
    StageSigned: URIRef  # signed, document not recorded
    StakeholderGroup: URIRef  # Stakeholder Group
    StakeholderGroupScheme: URIRef  # stakeholder groups
    State: URIRef  # State
    StateActor: URIRef  # State Actor
    StateToNonStateActors: URIRef  # state to non-state actors
    StatusActive: URIRef  # active
    StatusDormant: URIRef  # dormant
    StatusExpired: URIRef  # expired
    StatusExploration: URIRef  # exploration only
    StatusInProcess: URIRef  # in process
    StatusLetterOfIntent: URIRef  # letter of intent only
    StatusMoUSigned: URIRef  # MoU signed
    StatusProposed: URIRef  # proposed
    StatusRenewed: URIRef  # renewed
    StatusStalled: URIRef  # stalled
    StatusUnknown: URIRef  # unknown
    Statute: URIRef  # statute
    SubdivisionKindScheme: URIRef  # kinds of subdivision of Indonesian legislation
    Submission: URIRef  # Submission
    SubmittedRecord: URIRef  # submitted by an authorised writer
    SubnationalGovernmentPartner: URIRef  # regional government abroad
    Subunit: URIRef  # subunit
    SuccessFactor: URIRef  # Success Factor
    SupportConfirmed: URIRef  # confirmed
    SupportWeak: URIRef  # weak
    SurabayaAsModel: URIRef  # Surabaya as role model
    TerritorialToHumanSecurity: URIRef  # territorial to human security
    Territory: URIRef  # Dependent Territory
    Terrorism: URIRef  # terrorism
    Threat: URIRef  # Threat
    ThreatOrigin: URIRef  # Threat Origin
    ThreatScheme: URIRef  # threats
    TieStage: URIRef  # Tie Stage
    TraditionalThreat: URIRef  # Traditional Threat
    TypeRule: URIRef  # superclass rule
    Uncertain: URIRef  # conflicting sources
    UncheckableReason: URIRef  # reason a provision is not machine-checkable
    UncheckableReasonScheme: URIRef  # reasons a provision is not machine-checkable
    UnconfirmedEvidence: URIRef  # not confirmed
    Unit: URIRef  # unit
    University: URIRef  # University
    UniversityPartner: URIRef  # foreign university
    WikipediaListOnly: URIRef  # Wikipedia list only
    accordingTo: URIRef  # according to
    acehPhrasePresent: URIRef  # Aceh phrase present
    acting: URIRef  # acting
    activitiesPerYear: URIRef  # activities per year
    addressesSector: URIRef  # addresses sector
    addressesThreat: URIRef  # addresses threat
    adminLevel: URIRef  # administrative level
    administeredBy: URIRef  # administered by
    affairType: URIRef  # affair type
    analysisLevel: URIRef  # analysis level
    appliesFrom: URIRef  # applies from
    appliesUnder: URIRef  # applies under
    approval: URIRef  # approval
    approvedBy: URIRef  # approved by
    assesses: URIRef  # assesses
    assetOwnershipClause: URIRef  # asset ownership clause
    basedOn: URIRef  # based on
    basedOnProvision: URIRef  # based on provision
    benefitObserved: URIRef  # benefit observed
    citation: URIRef  # citation
    claimedParty: URIRef  # claimed party
    complementarityStatement: URIRef  # complementarity statement
    confidence: URIRef  # stated confidence
    cooperationField: URIRef  # cooperation field
    correspondsToSector: URIRef  # corresponds to sector
    countersignedOn: URIRef  # countersigned on
    country: URIRef  # country
    countryCode: URIRef  # country code
    derivedBy: URIRef  # derived by
    dimension: URIRef  # human-security dimension
    diplomaticStatus: URIRef  # diplomatic status
    disputeSettlement: URIRef  # dispute settlement
    document: URIRef  # document
    dprdApprovedOn: URIRef  # DPRD approved on
    dprdRequestedOn: URIRef  # DPRD approval requested on
    durationYears: URIRef  # duration in years
    economicComplementarity: URIRef  # economic complementarity
    effectiveness: URIRef  # effectiveness
    endedOn: URIRef  # ended on
    enforces: URIRef  # enforces
    equalityJustification: URIRef  # equality justification
    establishesOfficeAbroad: URIRef  # establishes office abroad
    evidence: URIRef  # evidence
    evidenceLevel: URIRef  # evidence level
    excludedCentralAffair: URIRef  # excluded central affair
    explorationDate: URIRef  # exploration date
    fieldLabel: URIRef  # field as stated
    foreignParty: URIRef  # foreign party
    foundedIn: URIRef  # founded in
    fullPowersRef: URIRef  # full powers reference
    fundingSource: URIRef  # funding source
    furthestStage: URIRef  # furthest stage reached
    geographicalUnit: URIRef  # geographical unit
    homeAffairsCode: URIRef  # Home Affairs region code
    imfAdvancedEconomy: URIRef  # IMF advanced economy
    implementationReport: URIRef  # implementation report
    inForceFrom: URIRef  # in force from
    inForceUntil: URIRef  # in force until
    indonesianParty: URIRef  # Indonesian party
    indonesianTerm: URIRef  # Indonesian side's term
    instrumentType: URIRef  # instrument type
    interministerialMeetingOn: URIRef  # inter-ministerial meeting on
    interministerialParticipant: URIRef  # inter-ministerial participant
    involvesGrant: URIRef  # involves a grant
    isSpecialRegion: URIRef  # is special region
    iso3166Alpha2: URIRef  # ISO 3166-1 alpha-2 code
    iso3166Subdivision: URIRef  # ISO 3166-2 code
    judgedOn: URIRef  # judged on
    judgedUnder: URIRef  # judged under
    kemluConfirmedOn: URIRef  # confirmed by Kemlu on
    legalBasis: URIRef  # legal basis
    linkProperty: URIRef  # link property
    linkTarget: URIRef  # link target
    linkedSector: URIRef  # linked sector
    loiSignedOn: URIRef  # letter of intent signed on
    mappingBasis: URIRef  # mapping basis
    mapsToDimension: URIRef  # maps to dimension
    mapsToSector: URIRef  # maps to sector
    mapsToThreat: URIRef  # maps to threat
    memberKind: URIRef  # members
    mendagriAdviceOn: URIRef  # Mendagri advice given on
    mendagriAdviceOutcome: URIRef  # Mendagri advice outcome
    mendagriConsultedOn: URIRef  # Mendagri consulted on
    mendagriDraftApprovedOn: URIRef  # draft approved by Mendagri on
    mendagriForwardedOn: URIRef  # forwarded by Mendagri on
    mendagriSubmittedOn: URIRef  # sent to Mendagri on
    menluConsultedOn: URIRef  # Menlu consulted on
    missionConfirmationRef: URIRef  # mission confirmation reference
    nativeName: URIRef  # native name
    negativeImpactObserved: URIRef  # negative impact observed
    notCheckable: URIRef  # not machine-checkable because
    notCheckableNote: URIRef  # why not checkable
    observedStatus: URIRef  # observed status
    oecdMemberSince: URIRef  # OECD member since
    ofInstrument: URIRef  # provision of
    office: URIRef  # office
    officeAtSigning: URIRef  # office at signing
    officialText: URIRef  # official text
    organisedBy: URIRef  # organised by
    pageStates: URIRef  # page states
    paraphrase: URIRef  # what it requires
    participantOrigin: URIRef  # participants from
    partnerTerm: URIRef  # partner's term
    partnerType: URIRef  # partner type
    party: URIRef  # party
    partyName: URIRef  # party name
    peopleToPeopleStatement: URIRef  # people-to-people statement
    planDate: URIRef  # cooperation plan date
    planReference: URIRef  # plan reference
    prevailingLanguage: URIRef  # prevailing language
    province: URIRef  # province
    provinceName: URIRef  # province name
    provisionOrder: URIRef  # order in the instrument
    provisionScope: URIRef  # provisions listed
    provisionsReadFrom: URIRef  # provisions read from
    raisesThreat: URIRef  # raises threat
    readOn: URIRef  # read on
    recognisedBy: URIRef  # recognised by
    referentObject: URIRef  # referent object
    refutedBecause: URIRef  # refuted because
    regimeEnd: URIRef  # regime end
    regimeInstrument: URIRef  # regime instrument
    regimeStart: URIRef  # regime start
    relationStatus: URIRef  # relation status
    remedy: URIRef  # how to fix it
    renewalOf: URIRef  # renewal of
    renewedIn: URIRef  # renewed in
    reportRecipient: URIRef  # report recipient
    requirement: URIRef  # requirement
    ruleFile: URIRef  # rule file
    ruleId: URIRef  # rule ID
    samePosition: URIRef  # same position and status
    se1993Justification: URIRef  # SE 1993 justification
    seatOf: URIRef  # seat of
    sector: URIRef  # sector
    securitisedThreat: URIRef  # securitised threat
    securitisingActor: URIRef  # securitising actor
    securityLink: URIRef  # security link
    servesDimension: URIRef  # serves dimension
    severity: URIRef  # severity
    signatory: URIRef  # signatory
    signedAbroad: URIRef  # signed abroad
    signedFor: URIRef  # signed for
    signedOn: URIRef  # signed on
    signedUnderRegime: URIRef  # signed under regime
    signingYear: URIRef  # signing year
    signsFor: URIRef  # signs for
    similarCharacter: URIRef  # similar characteristics
    similarProblems: URIRef  # similar problems
    similarSize: URIRef  # similar size and function
    sourceSupport: URIRef  # source support
    sourceType: URIRef  # source type
    sovereign: URIRef  # sovereign state
    stage: URIRef  # stage
    stageDate: URIRef  # stage date
    stageKind: URIRef  # stage kind
    stakeholderParticipates: URIRef  # stakeholder group takes part
    status: URIRef  # status
    statusAsOf: URIRef  # status as of
    statusNote: URIRef  # status note
    statusSource: URIRef  # status source
    submissionFormat: URIRef  # submission format
    submissionPath: URIRef  # submission path
    submittedDocument: URIRef  # submitted document
    successFactorHolds: URIRef  # success factor holds
    successFactorLacking: URIRef  # success factor lacking
    supersedes: URIRef  # supersedes
    techTransferPlan: URIRef  # technology transfer plan
    terminationClause: URIRef  # termination clause
    threatAddressed: URIRef  # threat addressed
    threatOrigin: URIRef  # threat origin
    threatRaised: URIRef  # threat raised
    transferableKnowledge: URIRef  # transferable science and technology
    twinnedWith: URIRef  # twinned with
    underAgreement: URIRef  # under agreement
    validFrom: URIRef  # valid from
    validUntil: URIRef  # valid until
    viaAssessment: URIRef  # via assessment
    viaField: URIRef  # via field
